using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Framing;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.PeerLink;

/// <summary>
/// One authenticated session with the peer over a byte stream (TCP in production).
/// </summary>
/// <remarks>
/// Frame layout (all integers big-endian):
/// <code>
///  0        4                12                  20                   20+p              20+p+8
///  +--------+----------------+-------------------+--------------------+-----------------+
///  | length | sequence (u64) | pad field (u64)   | payload: Envelope  | tag (u64)       |
///  +--------+----------------+-------------------+--------------------+-----------------+
///  length = 16 + p + 8;  pad field = session start s in the Hello (sequence 0), the frame's pad index i after it
///  tag = PolyHash_k(s | direction | sequence | i | payload) XOR pad_i     (see FrameTag; k = pad s, Hello's i = s + 1)
/// </code>
/// Wegman–Carter authentication with one-time pads from <see cref="PeerSessionSettings.KeySource"/>: each end
/// reserves pads of its own direction, so a forged or altered frame passes with probability at most
/// <see cref="FrameTag.ForgeryBound"/> ≤ 2^-43 whatever the attacker's computing power. Sequence numbers count from 0
/// in each direction and must arrive without gaps; pad indices must increase; a Hello's session start is accepted
/// once per key source, ever. Sending is serialised internally; receiving must be done by one caller at a time.
/// </remarks>
public sealed class PeerConnection : IAsyncDisposable
{
    /// <summary>Protocol version this build speaks (3: Wegman–Carter frames; 2 had HMAC frames).</summary>
    public const uint ProtocolVersion = 4;

    /// <summary>Largest frame accepted (the biggest message, a Toeplitz seed for a 2^24-bit block, fits).</summary>
    public const int MaxFrameBytes = 16 << 20;

    private const int LengthBytes = 4;
    private const int SequenceBytes = 8;
    private const int PadFieldBytes = 8;
    private const int HeaderBytes = SequenceBytes + PadFieldBytes;

    private readonly Stream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly PeerLinkStatistics _statistics;
    private readonly FrameTagger _tagger;
    private readonly FrameVerifier _verifier;

    private PeerConnection(Stream stream, PeerSessionSettings settings, PeerLinkStatistics statistics)
    {
        _stream = stream;
        _statistics = statistics;
        _tagger = new FrameTagger(settings.KeySource, settings.SendDirection);
        _verifier = new FrameVerifier(settings.KeySource, settings.ReceiveDirection);
    }

    /// <summary>The peer's Hello, as authenticated during the handshake.</summary>
    public Hello PeerHello { get; private set; } = new();

    /// <summary>Runs the client side of the handshake (Bob) and returns the session.</summary>
    public static Task<PeerConnection> ConnectAsync(
        Stream stream, PeerSessionSettings settings, Hello localHello, PeerLinkStatistics statistics, CancellationToken cancellationToken) =>
        HandshakeAsync(stream, isClient: true, settings, localHello, statistics, cancellationToken);

    /// <summary>Runs the server side of the handshake (Alice) and returns the session.</summary>
    public static Task<PeerConnection> AcceptAsync(
        Stream stream, PeerSessionSettings settings, Hello localHello, PeerLinkStatistics statistics, CancellationToken cancellationToken) =>
        HandshakeAsync(stream, isClient: false, settings, localHello, statistics, cancellationToken);

    /// <summary>Sends one message.</summary>
    public async Task SendAsync(Envelope message, CancellationToken cancellationToken)
    {
        int payloadBytes = message.CalculateSize();
        int frameBytes = LengthBytes + HeaderBytes + payloadBytes + FrameTag.TagBytes;
        if (frameBytes - LengthBytes > MaxFrameBytes)
        {
            throw new PeerProtocolException(PeerFailure.Oversized, $"Outgoing message of {payloadBytes} bytes exceeds the frame limit.");
        }

        byte[] frame = ArrayPool<byte>.Shared.Rent(frameBytes);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Span<byte> span = frame.AsSpan(0, frameBytes);
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(frameBytes - LengthBytes));
            Span<byte> payload = span.Slice(LengthBytes + HeaderBytes, payloadBytes);
            message.WriteTo(payload);
            (ulong sequence, ulong padField) = TagFrame(payload, span[^FrameTag.TagBytes..]);
            BinaryPrimitives.WriteUInt64BigEndian(span[LengthBytes..], sequence);
            BinaryPrimitives.WriteUInt64BigEndian(span[(LengthBytes + SequenceBytes)..], padField);
            await _stream.WriteAsync(frame.AsMemory(0, frameBytes), cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _statistics.FrameSent(frameBytes);
        }
        catch (IOException ex)
        {
            throw new PeerProtocolException(PeerFailure.Closed, "Connection to the peer lost while sending.", ex);
        }
        finally
        {
            _sendLock.Release();
            CryptographicOperations.ZeroMemory(frame.AsSpan(0, frameBytes));
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Receives the next message, failing with <see cref="PeerFailure.Timeout"/> after <paramref name="timeout"/>.</summary>
    public async Task<Envelope> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await ReceiveCoreAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerProtocolException(PeerFailure.Timeout, $"The peer sent nothing for {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Sends <paramref name="request"/> and waits for the reply, turning an Abort into an exception.</summary>
    public async Task<Envelope> RequestAsync(Envelope request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
        Envelope reply = await ReceiveAsync(timeout, cancellationToken).ConfigureAwait(false);
        _statistics.RoundTrip(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        if (reply.BodyCase == Envelope.BodyOneofCase.Abort)
        {
            throw new PeerProtocolException(PeerFailure.PeerAborted, $"Peer aborted block {reply.Abort.Block}: {reply.Abort.Reason}");
        }

        return reply;
    }

    /// <summary>Closes the stream and zeroes the session's hash keys and unused pads.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _tagger.Dispose();
        _verifier.Dispose();
        _sendLock.Dispose();
    }

    private (ulong Sequence, ulong PadField) TagFrame(ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        try
        {
            return _tagger.Tag(payload, tag);
        }
        catch (AuthenticationKeyExhaustedException ex)
        {
            throw Fail(PeerFailure.KeyExhausted, ex.Message, ex);
        }
    }

    private static async Task<PeerConnection> HandshakeAsync(
        Stream stream, bool isClient, PeerSessionSettings settings, Hello localHello, PeerLinkStatistics statistics, CancellationToken cancellationToken)
    {
        // The Hello is the first frame each way: it opens the sender's authentication session (its header carries the
        // session start), so it needs no nonce (the field stays in peer.proto, unused since version 3).
        localHello.ProtocolVersion = ProtocolVersion;
        localHello.LinkId = settings.LinkId;
        var connection = new PeerConnection(stream, settings, statistics);
        try
        {
            if (isClient)
            {
                await connection.SendAsync(new Envelope { Hello = localHello }, cancellationToken).ConfigureAwait(false);
                connection.PeerHello = await connection.ReceiveHelloAsync(settings, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                connection.PeerHello = await connection.ReceiveHelloAsync(settings, cancellationToken).ConfigureAwait(false);
                await connection.SendAsync(new Envelope { Hello = localHello }, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Hello> ReceiveHelloAsync(PeerSessionSettings settings, CancellationToken cancellationToken)
    {
        Envelope envelope = await ReceiveAsync(settings.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
        if (envelope.BodyCase != Envelope.BodyOneofCase.Hello)
        {
            throw Fail(PeerFailure.Malformed, $"Expected Hello from the peer, got {envelope.BodyCase}.");
        }

        Hello hello = envelope.Hello;
        if (hello.ProtocolVersion != ProtocolVersion)
        {
            throw Fail(PeerFailure.Incompatible, $"Peer speaks protocol version {hello.ProtocolVersion}; this node speaks {ProtocolVersion}.");
        }

        if (hello.LinkId != settings.LinkId)
        {
            throw Fail(PeerFailure.Incompatible, $"Peer belongs to link '{hello.LinkId}', this node to '{settings.LinkId}'.");
        }

        if (hello.Role != settings.ExpectedPeerRole)
        {
            throw Fail(PeerFailure.Incompatible, $"Peer has role '{hello.Role}', expected '{settings.ExpectedPeerRole}'.");
        }

        return hello;
    }

    private async Task<Envelope> ReceiveCoreAsync(CancellationToken cancellationToken)
    {
        byte[] header = new byte[LengthBytes];
        await ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < HeaderBytes + FrameTag.TagBytes || length > MaxFrameBytes)
        {
            throw Fail(PeerFailure.Oversized, $"Peer frame announces {length} bytes, outside [{HeaderBytes + FrameTag.TagBytes}, {MaxFrameBytes}].");
        }

        byte[] frame = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            Memory<byte> body = frame.AsMemory(0, (int)length);
            await ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(body.Span);
            ulong padField = BinaryPrimitives.ReadUInt64BigEndian(body.Span[SequenceBytes..]);
            ReadOnlySpan<byte> payload = body.Span[HeaderBytes..^FrameTag.TagBytes];
            if (_verifier.Check(sequence, padField, payload, body.Span[^FrameTag.TagBytes..]) is (PeerFailure failure, string reason))
            {
                throw Fail(failure, reason);
            }

            Envelope envelope;
            try
            {
                envelope = Envelope.Parser.ParseFrom(payload);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw Fail(PeerFailure.Malformed, "Peer frame is authentic but does not decode as a message.", ex);
            }

            if (envelope.BodyCase == Envelope.BodyOneofCase.None)
            {
                throw Fail(PeerFailure.Malformed, "Peer frame carries an empty or unknown message.");
            }

            _statistics.FrameReceived((int)length + LengthBytes);
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(frame.AsSpan(0, (int)length));
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw Fail(PeerFailure.Closed, "The peer closed the connection.", ex);
        }
        catch (IOException ex)
        {
            throw Fail(PeerFailure.Closed, "Connection to the peer lost while receiving.", ex);
        }
    }

    private PeerProtocolException Fail(PeerFailure failure, string message, Exception? inner = null)
    {
        _statistics.Failed(failure);
        return new PeerProtocolException(failure, message, inner);
    }
}
