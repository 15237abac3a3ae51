using System.Diagnostics;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Benchmarks.Acquisition;

/// <summary>
/// A stand-in device for the acquisition benchmarks: hands out ascending events (tick i, channel i mod 4) as fast as
/// asked, or paced in real time at a fixed rate like a detector stream (events not yet "arrived" are not handed out).
/// </summary>
internal sealed class CountingTagger : ITimeTagger
{
    private long _next;
    private long _total;
    private double _eventsPerTimestampTick;
    private long _start;

    public int ChannelCount => 4;

    public double TickPicoseconds => 1;

    /// <summary>Arms the next run: <paramref name="total"/> events, paced at <paramref name="eventsPerSecond"/> (0: unpaced).</summary>
    public void Reset(long total, double eventsPerSecond)
    {
        _total = total;
        _eventsPerTimestampTick = eventsPerSecond / Stopwatch.Frequency;
        _start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _next, 0);
    }

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        long limit = _total;
        if (_eventsPerTimestampTick > 0)
        {
            limit = Math.Min(limit, (long)((Stopwatch.GetTimestamp() - _start) * _eventsPerTimestampTick));
        }

        long next = _next;
        int n = (int)Math.Clamp(limit - next, 0, destination.Length);
        for (int i = 0; i < n; i++)
        {
            long tick = next + i;
            destination[i] = new DetectionEvent(tick, (int)(tick & 3));
        }

        Volatile.Write(ref _next, next + n);
        return new TaggerReadResult(n, 0);
    }
}
