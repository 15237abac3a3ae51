using System.Buffers.Binary;
using System.Security.Cryptography;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.PeerLink.Framing;

/// <summary>
/// The receiving half of a connection's Wegman–Carter authentication: accepts the peer's session start once, then
/// checks every frame's tag and that pad indices increase and sequence numbers follow on.
/// </summary>
/// <remarks>
/// Checks, in order: a pad index not above the last one accepted is a replay (rejected before any pad is read, so a
/// store that deletes spent pads answers the same); pads we do not hold mean the sender used material we lack (or the
/// index is forged); then the tag, in constant time; then the (authenticated) sequence number; and for the Hello last
/// the durable replay check of the session start, recorded only once the Hello is proven authentic, so forged Hellos
/// cannot burn session starts. Not thread-safe: one receiver at a time.
/// </remarks>
internal sealed class FrameVerifier : IDisposable
{
    private readonly IAuthenticationKeySource _source;
    private readonly PadDirection _direction;
    private bool _started;
    private ulong _sessionStart;
    private ulong _hashKey;
    private long _lastPad = -1;
    private ulong _expectedSequence;

    public FrameVerifier(IAuthenticationKeySource source, PadDirection direction)
    {
        _source = source;
        _direction = direction;
    }

    /// <summary>Checks one frame; null when it is authentic and in order, else why not (with a message).</summary>
    public (PeerFailure Failure, string Reason)? Check(ulong sequence, ulong padField, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> tag)
    {
        if (padField >= long.MaxValue)
        {
            return (PeerFailure.PadsNotHeld, $"Peer frame names authentication pad {padField}, beyond any pool.");
        }

        long first = (long)padField;
        if (first <= _lastPad)
        {
            return (PeerFailure.Replay, $"Peer frame reuses authentication pad {first} (last accepted {_lastPad}): a replayed frame.");
        }

        // The Hello needs the hash key (pad s) and its tag pad (s + 1); later frames their own pad.
        int count = _started ? 1 : 2;
        Span<byte> pads = stackalloc byte[2 * FrameTag.TagBytes];
        try
        {
            if (!_source.TryReadPads(_direction, first, count, pads[..(count * FrameTag.TagBytes)]))
            {
                return (PeerFailure.PadsNotHeld, $"Peer frame names authentication pad {first}, which this end does not hold (pools out of step, or a forged header).");
            }

            ulong hashKey = _started ? _hashKey : BinaryPrimitives.ReadUInt64LittleEndian(pads);
            ulong sessionStart = _started ? _sessionStart : padField;
            long padIndex = _started ? first : first + 1;
            ulong pad = BinaryPrimitives.ReadUInt64LittleEndian(pads[((count - 1) * FrameTag.TagBytes)..]);
            Span<byte> expected = stackalloc byte[FrameTag.TagBytes];
            BinaryPrimitives.WriteUInt64BigEndian(expected, FrameTag.Compute(hashKey, pad, sessionStart, _direction, sequence, (ulong)padIndex, payload));
            bool authentic = CryptographicOperations.FixedTimeEquals(expected, tag);
            expected.Clear();
            if (!authentic)
            {
                return (PeerFailure.Authentication, "Peer frame failed authentication (different key material, or tampering).");
            }

            if (sequence != _expectedSequence)
            {
                return (PeerFailure.OutOfSequence, $"Peer frame has sequence {sequence}, expected {_expectedSequence}: a frame was dropped or reordered.");
            }

            if (!_started)
            {
                if (!_source.TryAcceptSessionStart(_direction, first))
                {
                    return (PeerFailure.Replay, $"Peer Hello starts a session at pad {first}, which was already accepted: a replayed Hello.");
                }

                _sessionStart = padField;
                _hashKey = hashKey;
                _started = true;
            }

            _lastPad = padIndex;
            _expectedSequence++;
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pads);
        }
    }

    /// <summary>Zeroes the session's hash key.</summary>
    public void Dispose()
    {
        _hashKey = 0;
    }
}
