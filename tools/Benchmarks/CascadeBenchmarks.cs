using BenchmarkDotNet.Attributes;
using NodeAgent.Benchmarks.Reconciliation;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Benchmarks;

/// <summary>
/// One Cascade block of 2^20 sifted bits with both ends in one thread (no channel): Alice's responder built from her
/// key, Bob's reconciler asking it, as <c>AliceSession</c> and <c>BobSession</c> do over the network. The schedule is
/// built once per QBER (a link reuses it for every block of the same size and QBER bucket); <see cref="Schedule"/>
/// measures building it. Bob's key is restored from a copy before each operation (a memory copy, included).
/// </summary>
[MemoryDiagnoser]
public class CascadeBenchmarks
{
    private BitVector _alice = new();
    private BitVector _bob = new();
    private ulong[] _bobOriginal = [];
    private CascadeSchedule? _schedule;

    [Params(1 << 20)]
    public int Bits { get; set; }

    [Params(0.01, 0.02, 0.05)]
    public double Qber { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _alice = new BitVector(Bits);
        _bob = new BitVector(Bits);
        ChannelKeys.Fill(_alice, _bob, Bits, Qber, 42);
        _bobOriginal = _bob.Words.ToArray();
        _schedule = CascadeSchedule.Create(Bits, Qber, 7, new CascadeOptions());
    }

    [Benchmark]
    public long Reconcile()
    {
        _bobOriginal.CopyTo(_bob.Words);
        using var responder = new CascadeParityResponder(_alice, _schedule!);
        CascadeResult result = new CascadeReconciler(_schedule!)
            .ReconcileAsync(_bob, new ResponderOracle(responder), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result.DisclosedParities;
    }

    [Benchmark]
    public int Schedule() => CascadeSchedule.Create(Bits, Qber, 8, new CascadeOptions()).PassCount;

    [GlobalCleanup]
    public void Cleanup()
    {
        _alice.Dispose();
        _bob.Dispose();
    }
}
