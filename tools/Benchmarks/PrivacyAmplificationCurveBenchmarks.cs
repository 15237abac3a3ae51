using BenchmarkDotNet.Attributes;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Benchmarks;

/// <summary>
/// The throughput curve of Toeplitz hashing over block size, 2^16 … 2^27 input bits to half as many output bits: the
/// Karatsuba middle product (baseline) and the additive FFT over GF(2^64), each forced, and <see cref="ToeplitzHash.Compute"/>,
/// which picks one by size. With DOTNET_EnableHWIntrinsic=0 run the FFT and Compute only (portable Karatsuba takes
/// minutes per operation at 2^27): <c>--filter '*Curve*.Fft' '*Curve*.Compute'</c>.
/// </summary>
/// <remarks>
/// Karatsuba takes ~9 s per operation at 2^27 bits here, so a short run of the whole class takes ~5 minutes. Each
/// operation reads 2^27 input bits (16 MiB) and 1.5·2^27 seed bits; the FFT's pooled scratch is 3·2^22 words (96 MiB).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(PrivacyAmplificationBenchmarks.TrendConfig))]
public class PrivacyAmplificationCurveBenchmarks
{
    private ulong[] _input = [];
    private ulong[] _seed = [];
    private ulong[] _output = [];

    [Params(1 << 16, 1 << 18, 1 << 20, 1 << 22, 1 << 24, 1 << 25, 1 << 26, 1 << 27)]
    public int InputBits { get; set; }

    private int OutputBits => InputBits / 2;

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(2);
        _input = PrivacyAmplificationBenchmarks.RandomWords(ref random, BitVector.WordCount(InputBits));
        _seed = PrivacyAmplificationBenchmarks.RandomWords(ref random, BitVector.WordCount(ToeplitzHash.SeedBits(InputBits, OutputBits)));
        _output = new ulong[BitVector.WordCount(OutputBits)];
    }

    [Benchmark(Baseline = true)]
    public void Karatsuba() => ToeplitzHash.ComputeWithKaratsuba(_input, InputBits, _seed, _output, OutputBits);

    [Benchmark]
    public void Fft() => ToeplitzHash.ComputeFft(_input, InputBits, _seed, _output, OutputBits);

    [Benchmark]
    public void Compute() => ToeplitzHash.Compute(_input, InputBits, _seed, _output, OutputBits);
}
