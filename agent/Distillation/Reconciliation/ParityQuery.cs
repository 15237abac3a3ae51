namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// A question Bob sends Alice: the parity of indices [Start, Start + Length) of the key in pass
/// <paramref name="Pass"/>'s order (see <see cref="CascadeSchedule.PositionAt"/>).
/// </summary>
public readonly record struct ParityQuery(int Pass, int Start, int Length);
