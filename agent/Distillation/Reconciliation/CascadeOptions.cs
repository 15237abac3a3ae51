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
    /// concurrently, and later passes wait (see <see cref="NextPassBacklog"/>). The default, the three passes sized from
    /// the QBER at once and the random halves after them, keeps the round trips near a hundred per 2^20-bit block,
    /// which matters because every frame costs 64 bits of authentication key; 2 spends the fewest parities but takes
    /// some ten times the round trips (docs/performance.md).
    /// </summary>
    public int ConcurrentPasses { get; set; } = 3;

    /// <summary>
    /// Bob's side only: a pass at or past <see cref="ConcurrentPasses"/> starts bisecting once the earlier passes have
    /// at most this many odd blocks left.
    /// </summary>
    public int NextPassBacklog { get; set; }

    /// <summary>Upper bound on oracle round trips; reconciliation stops, incomplete, when it is reached.</summary>
    public int MaxRounds { get; set; } = 10_000;
}
