using System.Buffers.Binary;
using System.Security.Cryptography;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.PeerLink.Framing;

/// <summary>
/// The sending half of a connection's Wegman–Carter authentication: reserves pads of its direction in batches, opens
/// the session with the first frame (the Hello) and tags every frame with a fresh pad.
/// </summary>
/// <remarks>
/// The Hello's header carries the session start s: pad s is the session's hash key, pad s + 1 the Hello's tag pad.
/// Every later frame carries the index of its own pad. Not thread-safe: <see cref="PeerConnection"/> calls it under
/// its send lock.
/// </remarks>
internal sealed class FrameTagger : IDisposable
{
    /// <summary>
    /// Pads reserved at a time: one durable write per 64 frames; whatever is left of a batch when the connection ends
    /// is never used.
    /// </summary>
    internal const int BatchPads = 64;

    private readonly IAuthenticationKeySource _source;
    private readonly PadDirection _direction;
    private readonly byte[] _batch = new byte[BatchPads * FrameTag.TagBytes];
    private long _batchFirst = -1;
    private int _batchCount;
    private int _nextInBatch;
    private bool _started;
    private ulong _sessionStart;
    private ulong _hashKey;
    private ulong _sequence;

    public FrameTagger(IAuthenticationKeySource source, PadDirection direction)
    {
        _source = source;
        _direction = direction;
    }

    /// <summary>
    /// Tags the next frame: returns its sequence number and the header's pad field (s for the Hello, i after it), and
    /// writes the tag.
    /// </summary>
    /// <exception cref="AuthenticationKeyExhaustedException">No pads are left to send with.</exception>
    public (ulong Sequence, ulong PadField) Tag(ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        ulong padField;
        if (!_started)
        {
            Reserve(minimum: 2);
            _sessionStart = (ulong)_batchFirst;
            _hashKey = TakePad();
            padField = _sessionStart;
            _started = true;
        }
        else
        {
            if (_nextInBatch == _batchCount)
            {
                Reserve(minimum: 1);
            }

            padField = (ulong)(_batchFirst + _nextInBatch);
        }

        ulong padIndex = (ulong)(_batchFirst + _nextInBatch);
        ulong pad = TakePad();
        ulong value = FrameTag.Compute(_hashKey, pad, _sessionStart, _direction, _sequence, padIndex, payload);
        BinaryPrimitives.WriteUInt64BigEndian(tag, value);
        return (_sequence++, padField);
    }

    /// <summary>Zeroes the hash key and the unused pads of the batch.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_batch);
        _hashKey = 0;
        _batchCount = 0;
        _nextInBatch = 0;
    }

    private void Reserve(int minimum)
    {
        // A whole batch while there is one, else what is left (the pool may be replenished meanwhile); fewer than
        // `minimum` makes ReservePads throw AuthenticationKeyExhaustedException.
        long available = _source.PadsAvailable(_direction);
        int count = (int)Math.Clamp(available, minimum, BatchPads);
        long first = _source.ReservePads(_direction, count);
        if (first < 0 || first < _batchFirst + _batchCount)
        {
            throw new InvalidOperationException($"The key source returned pad {first}, not after the previous batch.");
        }

        CryptographicOperations.ZeroMemory(_batch);
        if (!_source.TryReadPads(_direction, first, count, _batch.AsSpan(0, count * FrameTag.TagBytes)))
        {
            throw new InvalidOperationException($"The key source reserved pads {first}..{first + count - 1} but does not hold them.");
        }

        _batchFirst = first;
        _batchCount = count;
        _nextInBatch = 0;
    }

    private ulong TakePad()
    {
        Span<byte> slot = _batch.AsSpan(_nextInBatch * FrameTag.TagBytes, FrameTag.TagBytes);
        ulong pad = BinaryPrimitives.ReadUInt64LittleEndian(slot);
        slot.Clear();
        _nextInBatch++;
        return pad;
    }
}
