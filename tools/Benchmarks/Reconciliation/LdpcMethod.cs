using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation.Ldpc;

namespace NodeAgent.Benchmarks.Reconciliation;

/// <summary>
/// Blind LDPC with the default options, through <see cref="LdpcSimulation"/> (frames of up to 58 983 key bits, the
/// last padded). The simulation checks every frame against Alice's key itself and leaves the keys alone, so on success
/// Bob's key is overwritten with Alice's for the sweep's own comparison.
/// </summary>
internal sealed class LdpcMethod : IReconciliationMethod
{
    public string Name => "LDPC, blind";

    /// <summary>
    /// At least one whole frame (a shorter key would be padded into one and charged its whole syndrome), and QBERs from
    /// 2 %, where the family's highest rate (0.85) starts to fit.
    /// </summary>
    public bool Supports(int n, double qber) => n >= LdpcPlan.MaxPayloadBits(new LdpcOptions()) && qber is >= 0.02 and <= 0.11;

    public void Prepare(int n, double qber)
    {
    }

    public FrameOutcome Reconcile(BitVector alice, BitVector bob, int n, double qber, ulong seed)
    {
        LdpcSimulationResult result = LdpcSimulation.Reconcile(alice.Words, bob.Words, n, qber, fillSeed: seed);
        bool success = result.Success && result.UndetectedErrorFrames == 0;
        if (success)
        {
            alice.Words.CopyTo(bob.Words);
        }

        return new FrameOutcome(success, result.DisclosedBits, result.Rounds);
    }
}
