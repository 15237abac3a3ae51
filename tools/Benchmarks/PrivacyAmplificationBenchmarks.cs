using BenchmarkDotNet.Attributes;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Benchmarks;

/// <summary>Toeplitz hashing of a reconciled block to its secret length (the agent's default block and a larger one).</summary>
[MemoryDiagnoser]
public class PrivacyAmplificationBenchmarks
{
    private ulong[] _input = [];
    private ulong[] _seed = [];
    private ulong[] _output = [];

    [Params(1 << 16, 1 << 20)]
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
    public void Toeplitz() => ToeplitzHash.Compute(_input, InputBits, _seed, _output, OutputBits);

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
