namespace NodeAgent.Distillation.Reconciliation;

/// <summary>Tuning of Cascade. Both ends must use the same values, since they shape the public schedule.</summary>
public sealed class CascadeOptions
{
    /// <summary>Number of passes (Brassard &amp; Salvail use 4).</summary>
    public int Passes { get; set; } = 4;

    /// <summary>
    /// Floor applied to the QBER estimate before sizing blocks, so a zero estimate still gives finite blocks.
    /// </summary>
    public double MinimumQber { get; set; } = 0.005;

    /// <summary>Upper bound on oracle round trips; reconciliation stops, incomplete, when it is reached.</summary>
    public int MaxRounds { get; set; } = 10_000;
}
