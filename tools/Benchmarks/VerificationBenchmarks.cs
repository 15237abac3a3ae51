using BenchmarkDotNet.Attributes;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Verification;

namespace NodeAgent.Benchmarks;

/// <summary>
/// Polynomial hashing over GF(2^64) of a reconciled block, as both ends do to verify it, on the scalar and the
/// carry-less-multiply GF(2^64) multiply (<see cref="ScalarBaselineConfig"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ScalarBaselineConfig))]
public class VerificationBenchmarks
{
    private ulong[] _words = [];

    [Params(1 << 16, 1 << 20)]
    public int Bits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _words = new ulong[BitVector.WordCount(Bits)];
        for (int i = 0; i < _words.Length; i++)
        {
            _words[i] = (ulong)i * 0x9E3779B97F4A7C15UL;
        }
    }

    [Benchmark]
    public ulong PolynomialTag() => PolynomialHash.Compute(_words, Bits, 0xD1B54A32D192ED03UL);
}
