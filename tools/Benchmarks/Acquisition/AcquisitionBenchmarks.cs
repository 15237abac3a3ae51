using BenchmarkDotNet.Attributes;
using NodeAgent.Acquisition;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Benchmarks.Acquisition;

/// <summary>
/// The acquisition path end to end: tagger → reader thread (its own core) → lock-free ring → consumer (the benchmark
/// thread, which checks order and sums ticks as the pipeline's stand-in). One operation is one event, so the mean is
/// nanoseconds per event and 1e9 / mean is events per second.
/// </summary>
/// <remarks>
/// <c>Unpaced</c> measures the ceiling: the device always has events and the reader waits when the ring is full
/// (back-pressure), so nothing can be lost and the rate is whatever the path sustains. <c>Paced20M</c> is the issue's
/// requirement: the device produces 20 M events/s in real time, the reader drops (and counts) whatever does not fit
/// in the ring, and the run throws if a single event was dropped — the mean then is 50 ns by construction, and the
/// result is that it completed.
/// </remarks>
[MemoryDiagnoser]
public class AcquisitionBenchmarks
{
    private const int Events = 1 << 24;

    private readonly CountingTagger _tagger = new();
    private AcquisitionReader _unpaced = null!;
    private AcquisitionReader _paced = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new AcquisitionOptions { RingCapacity = 1 << 16, BatchSize = 4096, FullPolicy = RingFullPolicy.Wait, IdleSpins = 1 << 16 };
        _unpaced = new AcquisitionReader(_tagger, options);
        var paced = new AcquisitionOptions { RingCapacity = 1 << 20, BatchSize = 4096, FullPolicy = RingFullPolicy.DropNewest, IdleSpins = 1 << 16 };
        _paced = new AcquisitionReader(_tagger, paced);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _unpaced.Dispose();
        _paced.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long Unpaced() => Run(_unpaced, 0);

    [Benchmark(OperationsPerInvoke = Events)]
    public long Paced20M() => Run(_paced, 20e6);

    private long Run(AcquisitionReader reader, double eventsPerSecond)
    {
        AcquisitionStatistics before = reader.Statistics;
        _tagger.Reset(Events, eventsPerSecond);
        reader.Start();
        long expected = 0;
        long sum = 0;
        SpscRing<DetectionEvent> ring = reader.Ring;
        var spinner = default(SpinWait);
        while (expected < Events)
        {
            ReadOnlySpan<DetectionEvent> events = ring.GetReadSpan();
            if (events.IsEmpty)
            {
                if (reader.Statistics.DroppedEvents != before.DroppedEvents)
                {
                    break;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            spinner.Reset();
            foreach (DetectionEvent e in events)
            {
                if (e.Tick != expected++)
                {
                    throw new InvalidOperationException($"event {e.Tick} out of order (expected {expected - 1})");
                }

                sum += e.Tick + e.Channel;
            }

            ring.Release(events.Length);
        }

        reader.Stop();
        long dropped = reader.Statistics.DroppedEvents - before.DroppedEvents;
        if (dropped != 0)
        {
            throw new InvalidOperationException($"{dropped} events dropped: the path did not keep up");
        }

        return sum;
    }
}
