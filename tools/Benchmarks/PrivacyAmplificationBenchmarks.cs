using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Benchmarks;

/// <summary>
/// Toeplitz hashing of a reconciled block to its secret length: the window-XOR reference (baseline) against the
/// Karatsuba middle product that <see cref="ToeplitzHash.Compute"/> runs, from the agent's default block size to the
/// finite-key sizes. Run once as is (PCLMULQDQ or PMULL) and once with DOTNET_EnableHWIntrinsic=0 (portable multiply);
/// BenchmarkDotNet's child processes inherit the variable, and the summary's HardwareIntrinsics line shows which ran.
/// </summary>
/// <remarks>The reference is quadratic: about 46 s per operation at 2^22 bits here, so a short run takes ~6 minutes.</remarks>
[MemoryDiagnoser]
[Config(typeof(TrendConfig))]
public class PrivacyAmplificationBenchmarks
{
    private ulong[] _input = [];
    private ulong[] _seed = [];
    private ulong[] _output = [];

    [Params(1 << 16, 1 << 20, 1 << 22)]
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
    public void Karatsuba() => ToeplitzHash.Compute(_input, InputBits, _seed, _output, OutputBits);

    /// <summary>Ratios as "N× faster": the default three decimals show 0.001 for every Karatsuba row.</summary>
    internal sealed class TrendConfig : ManualConfig
    {
        public TrendConfig() => WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
    }

    private static ulong[] RandomWords(ref DeterministicRandom random, int count)
    {
        var words = new ulong[count];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = random.NextUInt64();
        }

        return words;
    }
}
