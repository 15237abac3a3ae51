using NodeAgent.Distillation.Bits;

namespace NodeAgent.Benchmarks.Reconciliation;

/// <summary>Placeholder until the LDPC family lands: supports nothing, so the sweep skips it.</summary>
internal sealed class LdpcMethod : IReconciliationMethod
{
    public string Name => "LDPC";

    public bool Supports(int n, double qber) => false;

    public void Prepare(int n, double qber)
    {
    }

    public FrameOutcome Reconcile(BitVector alice, BitVector bob, int n, double qber, ulong seed) =>
        throw new NotSupportedException();
}
