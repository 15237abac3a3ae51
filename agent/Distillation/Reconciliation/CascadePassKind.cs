namespace NodeAgent.Distillation.Reconciliation;

/// <summary>How one Cascade pass orders the key before cutting it into blocks.</summary>
public enum CascadePassKind
{
    /// <summary>Key order, blocks of a fixed size (the first pass).</summary>
    Contiguous,

    /// <summary>A seeded uniform shuffle, blocks of a fixed size.</summary>
    Shuffled,

    /// <summary>
    /// Two blocks: a seeded random subset of the positions (each kept with probability 1/2), then its complement,
    /// each in key order. A random bisection of the key, as BICONF (Buttler et al., PRA 67, 052303 (2003)) uses, and
    /// what Cascade's final n/2 passes need, built from mask words instead of a whole permutation.
    /// </summary>
    Halves,
}
