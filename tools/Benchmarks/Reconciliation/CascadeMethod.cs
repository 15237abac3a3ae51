using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Benchmarks.Reconciliation;

/// <summary>Cascade with the given options; one schedule per (n, QBER), shared by the frames.</summary>
internal sealed class CascadeMethod(string name, CascadeOptions options) : IReconciliationMethod
{
    private CascadeSchedule? _schedule;

    public string Name => name;

    public bool Supports(int n, double qber) => true;

    public void Prepare(int n, double qber)
    {
        _schedule = CascadeSchedule.Create(n, qber, 0x5eed, options);
    }

    public FrameOutcome Reconcile(BitVector alice, BitVector bob, int n, double qber, ulong seed)
    {
        CascadeSchedule schedule = _schedule ?? throw new InvalidOperationException("Prepare first.");
        using var responder = new CascadeParityResponder(alice, schedule);
        CascadeResult result = new CascadeReconciler(schedule)
            .ReconcileAsync(bob, new ResponderOracle(responder), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return new FrameOutcome(result.Completed, result.DisclosedParities, result.RoundTrips);
    }
}
