using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Benchmarks;

/// <summary>
/// Toeplitz hashing of a reconciled block to its secret length at small sizes: the window-XOR reference (baseline)
/// against the two fast methods, forced (Karatsuba middle product; additive FFT over GF(2^64)). The throughput curve up
/// to 2^27 bits, without the reference, is <see cref="PrivacyAmplificationCurveBenchmarks"/>. Run once as is
/// (PCLMULQDQ or PMULL) and once with DOTNET_EnableHWIntrinsic=0 (portable multiply); BenchmarkDotNet's child processes
/// inherit the variable, and the summary's HardwareIntrinsics line shows which ran.
/// </summary>
/// <remarks>The reference is quadratic: about 11 ms per operation at 2^16 bits and 0.2 s at 2^18 here.</remarks>
[MemoryDiagnoser]
[Config(typeof(TrendConfig))]
public class PrivacyAmplificationBenchmarks
{
    private ulong[] _input = [];
    private ulong[] _seed = [];
    private ulong[] _output = [];

    [Params(1 << 16, 1 << 18)]
    public int InputBits { get; set; }

    /// <summary>Output is half the input, about what a 2 % QBER link keeps.</summary>
    private int OutputBits => InputBits / 2;

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(1);
        _input = RandomWords(ref random, BitVector.WordCount(InputBits));
        _seed = RandomWords(ref random, BitVector.WordCount(ToeplitzHash.SeedBits(InputBits, OutputBits)));
        _output = new ulong[BitVector.WordCount(OutputBits)];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => ToeplitzHash.ComputeReference(_input, InputBits, _seed, _output, OutputBits);

    [Benchmark]
    public void Karatsuba() => ToeplitzHash.ComputeWithKaratsuba(_input, InputBits, _seed, _output, OutputBits);

    [Benchmark]
    public void Fft() => ToeplitzHash.ComputeFft(_input, InputBits, _seed, _output, OutputBits);

    /// <summary>Ratios as "N× faster": the default three decimals show 0.001 for every Karatsuba row.</summary>
    internal sealed class TrendConfig : ManualConfig
    {
        public TrendConfig() => WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
    }

    internal static ulong[] RandomWords(ref DeterministicRandom random, int count)
    {
        var words = new ulong[count];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = random.NextUInt64();
        }

        return words;
    }
}
