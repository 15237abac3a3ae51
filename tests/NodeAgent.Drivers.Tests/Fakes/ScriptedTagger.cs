using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>
/// A tagger holding <c>total</c> events (tick i, channel i mod 4) that hands out at most <c>perRead</c> a read; it
/// can throw on chosen reads and report device-side losses.
/// </summary>
internal sealed class ScriptedTagger(long total, int perRead = int.MaxValue) : ITimeTagger
{
    private long _next;

    public int ChannelCount => 4;

    public double TickPicoseconds => 1;

    public long Remaining => total - Volatile.Read(ref _next);

    public long Reads { get; private set; }

    /// <summary>Reads (1-based) that throw instead of returning events.</summary>
    public HashSet<long> ThrowOnReads { get; } = [];

    /// <summary>Device-side loss reported with the next read.</summary>
    public long PendingLoss { get; set; }

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        Reads++;
        if (ThrowOnReads.Contains(Reads))
        {
            throw new IOException($"scripted failure on read {Reads}");
        }

        int n = (int)Math.Min(Math.Min(destination.Length, perRead), total - _next);
        for (int i = 0; i < n; i++)
        {
            long tick = _next + i;
            destination[i] = new DetectionEvent(tick, (int)(tick & 3));
        }

        Volatile.Write(ref _next, _next + n);
        long lost = PendingLoss;
        PendingLoss = 0;
        return new TaggerReadResult(n, lost);
    }
}
