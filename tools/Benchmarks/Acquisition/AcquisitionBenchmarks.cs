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

    [Benchmark(OperationsPerInvoke = Events)]
    public long Unpaced()
    {
        _tagger.Reset(Events, 0);
        long sum = AcquisitionConsumer.Drain(_reader, Events, out long dropped);
        return dropped == 0 ? sum : throw new InvalidOperationException($"{dropped} events dropped");
    }
}
