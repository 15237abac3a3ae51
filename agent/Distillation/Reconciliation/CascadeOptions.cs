namespace NodeAgent.Distillation.Reconciliation;

/// <summary>Tuning of Cascade. Both ends must use the same values, since they shape the public schedule.</summary>
public sealed class CascadeOptions
{
    /// <summary>
    /// Number of passes: the first three with blocks sized from the QBER, the rest random halves of the key
    /// (Martinez-Mateo et al., QIC 15, 453 (2015), use 14 in their best schedule).
    /// </summary>
    public int Passes { get; set; } = 14;

    /// <summary>
    /// Floor applied to the QBER estimate before sizing blocks, so a zero estimate still gives finite blocks.
    /// </summary>
    public double MinimumQber { get; set; } = 0.001;

    /// <summary>
    /// Bob's side only: after the first wave of pass 0, the odd blocks of the passes below this are bisected
    /// concurrently (see <see cref="NextPassBacklog"/> for the later ones).
    /// </summary>
    public int ConcurrentPasses { get; set; } = 2;

    /// <summary>
    /// Bob's side only: a later pass starts bisecting once the earlier passes have at most this many odd blocks left.
    /// 0 spends the fewest parities; larger values trade leakage for round trips (docs/performance.md).
    /// </summary>
    public int NextPassBacklog { get; set; }

    /// <summary>Upper bound on oracle round trips; reconciliation stops, incomplete, when it is reached.</summary>
    public int MaxRounds { get; set; } = 10_000;
}
