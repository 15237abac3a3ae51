using BenchmarkDotNet.Attributes;
using NodeAgent.Acquisition;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Benchmarks.Acquisition;

/// <summary>
/// The acquisition path end to end at full speed: tagger → reader thread (its own core) → lock-free ring → consumer
/// (the benchmark thread, which checks every event's order and sums ticks as the pipeline's stand-in). The device
/// always has events and the reader waits when the ring is full (back-pressure), so nothing can be lost and the rate
/// is whatever the path sustains. One operation is one event: 1e9 / mean is events per second.
/// </summary>
/// <remarks><c>OneCore</c> runs the same path without the thread, for the per-event CPU cost.</remarks>
[MemoryDiagnoser]
public class AcquisitionBenchmarks
{
    private const int Events = 1 << 24;

    private readonly CountingTagger _tagger = new();
    private AcquisitionReader _reader = null!;

    [GlobalSetup]
    public void Setup() => _reader = new AcquisitionReader(_tagger, new AcquisitionOptions
    {
        RingCapacity = 1 << 16,
        BatchSize = 4096,
        FullPolicy = RingFullPolicy.Wait,
        IdleSpins = 1 << 16,
    });

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    /// <summary>
    /// The same path on one core, no threads: the benchmark thread alternates the reader's <c>PollOnce</c> with
    /// draining the ring, so the mean is the whole CPU cost of one event (device read, ring, consumer).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long OneCore()
    {
        _tagger.Reset(Events, 0);
        SpscRing<DetectionEvent> ring = _reader.Ring;
        long seen = 0;
        long sum = 0;
        while (seen < Events)
        {
            _reader.PollOnce();
            ReadOnlySpan<DetectionEvent> batch = ring.GetReadSpan();
            foreach (DetectionEvent e in batch)
            {
                sum += e.Tick + e.Channel;
            }

            seen += batch.Length;
            ring.Release(batch.Length);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long Unpaced()
    {
        _tagger.Reset(Events, 0);
        long sum = AcquisitionConsumer.Drain(_reader, Events, idleSleep: null, out long dropped, out _);
        return dropped == 0 ? sum : throw new InvalidOperationException($"{dropped} events dropped");
    }
}
