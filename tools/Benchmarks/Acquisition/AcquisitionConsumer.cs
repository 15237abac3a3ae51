using NodeAgent.Acquisition;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Benchmarks.Acquisition;

/// <summary>The benchmarks' pipeline stand-in: starts the reader, drains the ring in place, checks order, stops.</summary>
internal static class AcquisitionConsumer
{
    /// <summary>Consumes <paramref name="events"/> events (fewer if some are dropped); returns a checksum.</summary>
    public static long Drain(AcquisitionReader reader, long events, out long dropped)
    {
        AcquisitionStatistics before = reader.Statistics;
        reader.Start();
        SpscRing<DetectionEvent> ring = reader.Ring;
        var spinner = default(SpinWait);
        long seen = 0;
        long expected = 0;
        long sum = 0;
        while (seen + reader.Statistics.DroppedEvents - before.DroppedEvents < events)
        {
            ReadOnlySpan<DetectionEvent> batch = ring.GetReadSpan();
            if (batch.IsEmpty)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
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
        return sum;
    }
}
