using BenchmarkDotNet.Attributes;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Benchmarks;

/// <summary>
/// The Wegman–Carter tag of one peer frame (<see cref="FrameTag"/>): a parity exchange (256 bytes), a sifting
/// request (64 KiB) and a Toeplitz-seed-sized message (1 MiB), on the scalar and the carry-less-multiply GF(2^64)
/// multiply (<see cref="ScalarBaselineConfig"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ScalarBaselineConfig))]
public class AuthenticationBenchmarks
{
    private byte[] _payload = [];

    [Params(256, 64 << 10, 1 << 20)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[PayloadBytes];
        new Random(1).NextBytes(_payload);
    }

    [Benchmark]
    public ulong FrameTagHash() => FrameTag.Hash(0xD1B5_4A32_D192_ED03, 64, PadDirection.BobToAlice, 7, 70, _payload);
}
