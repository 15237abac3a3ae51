namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// A question Bob sends Alice: the parity of positions [Start, Start + Length) of the key in pass
/// <paramref name="Pass"/>'s permuted order (see <see cref="CascadeSchedule.Permutation"/>).
/// </summary>
public readonly record struct ParityQuery(int Pass, int Start, int Length);
