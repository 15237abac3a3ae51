using System.Diagnostics;
using NodeAgent.Acquisition;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Benchmarks.Acquisition;

/// <summary>The benchmarks' pipeline stand-in: starts the reader, drains the ring in place, checks order, stops.</summary>
internal static class AcquisitionConsumer
{
    /// <summary>
    /// Consumes <paramref name="events"/> events (fewer if some are dropped); returns a checksum. With
    /// <paramref name="idleSleep"/> the consumer drains what is there and then sleeps, as Bob's pipeline does between
    /// its reads; without, it spins until the next batch.
    /// </summary>
    /// <param name="longestGap">The longest time between two passes of the consumer: its sleeps plus any stall
    /// (descheduled, page faults), which is what the ring has to cover.</param>
    public static long Drain(AcquisitionReader reader, long events, TimeSpan? idleSleep, out long dropped, out TimeSpan longestGap)
    {
        AcquisitionStatistics before = reader.Statistics;
        reader.Start();
        SpscRing<DetectionEvent> ring = reader.Ring;
        var spinner = default(SpinWait);
        long seen = 0;
        long expected = 0;
        long sum = 0;
        long last = Stopwatch.GetTimestamp();
        long longest = 0;
        while (seen + reader.Statistics.DroppedEvents - before.DroppedEvents < events)
        {
            long now = Stopwatch.GetTimestamp();
            longest = Math.Max(longest, now - last);
            last = now;
            ReadOnlySpan<DetectionEvent> batch = ring.GetReadSpan();
            if (batch.IsEmpty)
            {
                if (idleSleep is { } sleep)
                {
                    Thread.Sleep(sleep);
                }
                else
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                continue;
            }

            spinner.Reset();
            foreach (DetectionEvent e in batch)
            {
                // Drops skip ticks, never reorder them.
                if (e.Tick < expected)
                {
                    throw new InvalidOperationException($"event {e.Tick} out of order (expected at least {expected})");
                }

                expected = e.Tick + 1;
                sum += e.Tick + e.Channel;
            }

            seen += batch.Length;
            ring.Release(batch.Length);
        }

        reader.Stop();
        dropped = reader.Statistics.DroppedEvents - before.DroppedEvents;
        longestGap = Stopwatch.GetElapsedTime(0, longest);
        return sum;
    }
}
