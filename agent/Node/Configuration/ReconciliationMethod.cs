namespace NodeAgent.Node.Configuration;

/// <summary>How a link corrects Bob's key (<c>Distillation:Reconciliation</c>); both ends must agree.</summary>
public enum ReconciliationMethod
{
    /// <summary>Interactive Cascade (the default): the fewest disclosed bits, about a hundred round trips a block.</summary>
    Cascade = 0,

    /// <summary>
    /// One-way blind LDPC: the block in frames of 58 983 bits, a syndrome per frame and a few rounds of revealed
    /// punctured bits; few round trips, more disclosed bits (docs/reconciliation.md).
    /// </summary>
    Ldpc = 1,
}
