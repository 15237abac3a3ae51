using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodeAgent.Acquisition;

namespace NodeAgent.Benchmarks.Acquisition;

/// <summary>
/// The requirement as a live run: the device produces 20 M events/s in real time, the reader drops (and
/// counts) whatever does not fit in the ring (<see cref="RingFullPolicy.DropNewest"/>), and the consumer drains it.
/// The mean is 50 ns per event by construction; what matters is the line each run prints ("paced 20M: …, dropped …,
/// peak fill …, longest consumer gap …, longest reader gap …, cpu …"): no drops, how much of the ring the worst stall
/// used (a stalled consumer leaves events in the ring; a stalled reader leaves them in the device and then copies the
/// backlog in faster than the consumer takes it), and how much CPU the whole path took.
/// </summary>
/// <remarks>
/// <see cref="Idle"/> <c>Sleep</c> is the default configuration: the reader with <c>new AcquisitionOptions()</c>
/// (it sleeps once the device is drained) and a consumer that sleeps 1 ms when the ring is empty, as the pipeline does
/// between reads. <c>Spin</c> is the earlier habit, both threads spinning, kept for comparison.
/// </remarks>
[MemoryDiagnoser]
public class AcquisitionPacedBenchmarks
{
    private const int Events = 1 << 24;

    private readonly CountingTagger _tagger = new();
    private AcquisitionReader _reader = null!;

    /// <summary>How the two threads wait for work.</summary>
    public enum IdlePolicy
    {
        /// <summary>Both sleep when there is nothing to do (the defaults).</summary>
        Sleep,

        /// <summary>Both spin (the reader through 2^16 short reads before it sleeps).</summary>
        Spin,
    }

    /// <summary>2^20 events (16 MiB) hold 52 ms at 20 M/s; 2^22 (64 MiB, the default) hold 210 ms.</summary>
    [Params(1 << 20, 1 << 22)]
    public int RingCapacity { get; set; }

    [Params(IdlePolicy.Sleep, IdlePolicy.Spin)]
    public IdlePolicy Idle { get; set; }

    // A fresh reader per run, so the peak fill printed is this run's (the ring is allocated outside the measurement).
    [IterationSetup]
    public void Setup()
    {
        var options = new AcquisitionOptions { RingCapacity = RingCapacity, FullPolicy = RingFullPolicy.DropNewest };
        if (Idle == IdlePolicy.Spin)
        {
            options.IdleSpins = 1 << 16;
        }

        _reader = new AcquisitionReader(_tagger, options);
    }

    [IterationCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(OperationsPerInvoke = Events)]
    public long Paced20M()
    {
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        _tagger.Reset(Events, 20e6);
        TimeSpan? sleep = Idle == IdlePolicy.Sleep ? TimeSpan.FromMilliseconds(1) : null;
        long sum = AcquisitionConsumer.Drain(_reader, Events, sleep, out long dropped, out TimeSpan gap);
        TimeSpan wall = Stopwatch.GetElapsedTime(started);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"paced 20M: ring {RingCapacity}, {Idle}, dropped {dropped}, peak fill {_reader.Statistics.PeakRingFill}, longest consumer gap {gap.TotalMilliseconds:F1} ms, longest reader gap {_tagger.LongestReadGap.TotalMilliseconds:F1} ms, cpu {cpu / wall:P0} of one core"));
        return sum;
    }
}
