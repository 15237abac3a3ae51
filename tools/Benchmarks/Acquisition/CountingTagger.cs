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
    private long _lastRead;
    private long _longestGap;

    public int ChannelCount => 4;

    public double TickPicoseconds => 1;

    /// <summary>Arms the next run: <paramref name="total"/> events, paced at <paramref name="eventsPerSecond"/> (0: unpaced).</summary>
    public void Reset(long total, double eventsPerSecond)
    {
        _total = total;
        _eventsPerTimestampTick = eventsPerSecond / Stopwatch.Frequency;
        _start = Stopwatch.GetTimestamp();
        _lastRead = 0;
        _longestGap = 0;
        Volatile.Write(ref _next, 0);
    }

    /// <summary>The longest time between two reads since <see cref="Reset"/> (paced runs only): how long the device went
    /// unread, which a real device's FIFO would have to cover.</summary>
    public TimeSpan LongestReadGap => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _longestGap));

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        long limit = _total;
        if (_eventsPerTimestampTick > 0)
        {
            long now = Stopwatch.GetTimestamp();
            limit = Math.Min(limit, (long)((now - _start) * _eventsPerTimestampTick));
            if (_lastRead != 0 && now - _lastRead > _longestGap)
            {
                Volatile.Write(ref _longestGap, now - _lastRead);
            }

            _lastRead = now;
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
