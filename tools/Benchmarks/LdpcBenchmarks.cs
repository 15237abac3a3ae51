using BenchmarkDotNet.Attributes;
using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Reconciliation.Ldpc;

namespace NodeAgent.Benchmarks;

/// <summary>
/// LDPC reconciliation of one 65 536-bit frame at QBER 3 %: one decoding with every adaptation bit known (the
/// scalar reference kernel as baseline against the Vector&lt;sbyte&gt; kernel, same input), and the whole blind
/// session (Alice's syndrome, Bob's rounds with warm-started retries) through <see cref="LdpcSimulation"/>.
/// Payload Mbit/s = <see cref="LdpcPlan.PayloadBits"/> / time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PrivacyAmplificationBenchmarks.TrendConfig))]
public class LdpcBenchmarks
{
    private const double Qber = 0.03;
    private LdpcPlan _plan = null!;
    private LdpcDecoder _decoder = null!;
    private sbyte[] _channel = [];
    private ulong[] _syndrome = [];
    private ulong[] _decoded = [];
    private ulong[] _alice = [];
    private ulong[] _bob = [];

    [GlobalSetup]
    public void Setup()
    {
        int bits = LdpcPlan.MaxPayloadBits(LdpcOptions.Default);
        _plan = LdpcPlan.Create(Qber, bits, LdpcOptions.Default);
        QcLdpcCode code = _plan.Code;
        _decoder = new LdpcDecoder(code);
        var random = new DeterministicRandom(3);
        var frame = new ulong[code.Length / 64];
        for (int w = 0; w < frame.Length; w++)
        {
            frame[w] = random.NextUInt64();
        }

        _syndrome = new ulong[code.CheckCount / 64];
        code.ComputeSyndrome(frame, _syndrome);
        _channel = new sbyte[code.Length];
        for (int i = 0; i < code.Length; i++)
        {
            _channel[i] = ((frame[i >> 6] >> (i & 63)) & 1) != 0 ? (sbyte)-LdpcDecoder.MaxMagnitude : LdpcDecoder.MaxMagnitude;
        }

        sbyte magnitude = (sbyte)LdpcOptions.MinSumMagnitude(Qber);
        foreach (int i in _plan.Layout.PayloadPositions)
        {
            int bit = (int)((frame[i >> 6] >> (i & 63)) & 1) ^ (random.NextDouble() < Qber ? 1 : 0);
            _channel[i] = bit == 1 ? (sbyte)-magnitude : magnitude;
        }

        _decoded = new ulong[frame.Length];
        _alice = new ulong[(bits + 63) / 64];
        _bob = new ulong[_alice.Length];
        for (int i = 0; i < bits; i++)
        {
            ulong bit = random.NextUInt64() & 1;
            _alice[i >> 6] |= bit << (i & 63);
            _bob[i >> 6] |= (bit ^ (random.NextDouble() < Qber ? 1UL : 0)) << (i & 63);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();

    [Benchmark(Baseline = true)]
    public int DecodeScalar() =>
        _decoder.DecodeWith(DecoderKernel.Scalar, _channel, _syndrome, LdpcOptions.Default.MaxIterations, _decoded).Iterations;

    [Benchmark]
    public int DecodeVector() =>
        _decoder.DecodeWith(DecoderKernel.Vector, _channel, _syndrome, LdpcOptions.Default.MaxIterations, _decoded).Iterations;

    [Benchmark]
    public long BlindSession() =>
        LdpcSimulation.Reconcile(_alice, _bob, _plan.PayloadBits, Qber).DisclosedBits;
}
