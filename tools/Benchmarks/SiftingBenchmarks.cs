using BenchmarkDotNet.Attributes;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Sifting;

namespace NodeAgent.Benchmarks;

/// <summary>
/// Basis sifting of one batch: the per-bit reference loop (baseline) against the word-wise kernel through the
/// BitVector entry (what <c>SiftedPool</c> calls), the span entry (PEXT on x64 with BMI2) and the portable compress
/// forced (what arm64 runs). One batch of 2^20 detections (the largest sift request the agent accepts);
/// bases agree at random BB84's 1/2 and at a 9:1 biased basis choice's 0.82.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PrivacyAmplificationBenchmarks.TrendConfig))]
public class SiftingBenchmarks
{
    private ulong[] _mine = [];
    private ulong[] _theirs = [];
    private ulong[] _bits = [];
    private ulong[] _output = [];
    private BitVector _destination = new();

    [Params(1 << 20)]
    public int Positions { get; set; }

    [Params(0.5, 0.82)]
    public double Agree { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(2);
        int words = BitVector.WordCount(Positions);
        _mine = new ulong[words];
        _theirs = new ulong[words];
        _bits = new ulong[words];
        for (int w = 0; w < words; w++)
        {
            _mine[w] = random.NextUInt64();
            _bits[w] = random.NextUInt64();
            ulong differ = 0;
            for (int i = 0; i < 64; i++)
            {
                differ |= (random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) < Agree ? 0 : 1UL << i;
            }

            _theirs[w] = _mine[w] ^ differ;
        }

        _output = new ulong[words];
        _destination = new BitVector(Positions);
    }

    [GlobalCleanup]
    public void Cleanup() => _destination.Dispose();

    [Benchmark(Baseline = true)]
    public int Reference()
    {
        _destination.Clear();
        return BasisSifter.SiftReference(_mine, _theirs, _bits, Positions, _destination);
    }

    [Benchmark]
    public int BitVectorEntry()
    {
        _destination.Clear();
        return BasisSifter.Sift(_mine, _theirs, _bits, Positions, _destination);
    }

    [Benchmark]
    public int SpanEntry() => BasisSifter.Sift(_mine, _theirs, _bits, Positions, _output.AsSpan());

    [Benchmark]
    public int Portable() => BasisSifter.SiftPortable(_mine, _theirs, _bits, Positions, _output.AsSpan());
}
