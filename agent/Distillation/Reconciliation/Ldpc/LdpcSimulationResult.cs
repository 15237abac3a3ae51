using NodeAgent.Distillation.Estimation;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>Outcome of <see cref="LdpcSimulation.Reconcile"/> over all frames of a key.</summary>
/// <param name="Success">Every frame decoded and Bob's corrected payload equals Alice's.</param>
/// <param name="DisclosedBits">Leakage summed over frames (syndrome − punctured + revealed; see <see cref="LdpcPlan"/>).</param>
/// <param name="Rounds">Most rounds any frame needed (round trips if frames run side by side).</param>
/// <param name="PayloadBits">Key bits reconciled (the input length).</param>
/// <param name="Qber">The QBER the plan was made for (the efficiency's h(q)).</param>
/// <param name="Frames">Frames the key was cut into.</param>
/// <param name="FailedFrames">Frames whose last round did not converge (reported, never passed on).</param>
/// <param name="UndetectedErrorFrames">Frames that converged to a word other than Alice's (verification would catch them).</param>
/// <param name="Decodings">Decoding rounds run over all frames.</param>
/// <param name="Iterations">Decoder iterations over all rounds and frames.</param>
public sealed record LdpcSimulationResult(
    bool Success,
    long DisclosedBits,
    int Rounds,
    int PayloadBits,
    double Qber,
    int Frames,
    int FailedFrames,
    int UndetectedErrorFrames,
    int Decodings,
    long Iterations)
{
    /// <summary>Reconciliation efficiency f = leakage / (payload·h(q)); NaN if the QBER is 0.</summary>
    public double Efficiency => Qber > 0 ? DisclosedBits / (PayloadBits * BinaryEntropy.H(Qber)) : double.NaN;
}
