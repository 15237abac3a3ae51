namespace NodeAgent.PeerLink;

/// <summary>Counters of the peer channel, safe to update from any thread.</summary>
public sealed class PeerLinkStatistics
{
    private readonly long[] _failures = new long[Enum.GetValues<PeerFailure>().Length];
    private long _framesSent;
    private long _framesReceived;
    private long _bytesSent;
    private long _bytesReceived;
    private long _connections;
    private long _lastRoundTripTicks = -1;

    /// <summary>Frames sent since start.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames received and authenticated since start.</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Bytes sent, framing included.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes received, framing included.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Sessions established (handshake completed).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Duration of the last request/response exchange with the peer, or null before the first.</summary>
    public TimeSpan? LastRoundTrip => Interlocked.Read(ref _lastRoundTripTicks) is long ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Records the duration of one request/response exchange.</summary>
    public void RoundTrip(TimeSpan elapsed) => Interlocked.Exchange(ref _lastRoundTripTicks, elapsed.Ticks);

    /// <summary>How many failures of <paramref name="failure"/> were seen.</summary>
    public long Failures(PeerFailure failure) => Interlocked.Read(ref _failures[(int)failure]);

    /// <summary>All failures of every kind.</summary>
    public long TotalFailures
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _failures.Length; i++)
            {
                total += Interlocked.Read(ref _failures[i]);
            }

            return total;
        }
    }

    internal void FrameSent(int bytes)
    {
        Interlocked.Increment(ref _framesSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void FrameReceived(int bytes)
    {
        Interlocked.Increment(ref _framesReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    /// <summary>Counts a failure the connection itself did not see (e.g. a refused TCP connect).</summary>
    public void Failed(PeerFailure failure) => Interlocked.Increment(ref _failures[(int)failure]);

    /// <summary>Counts an established session.</summary>
    public void Connected() => Interlocked.Increment(ref _connections);
}
