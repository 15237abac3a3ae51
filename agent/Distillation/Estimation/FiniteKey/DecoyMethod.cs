namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>Which decoy-state finite-key analysis bounds the single-photon content of a block.</summary>
public enum DecoyMethod
{
    /// <summary>
    /// Three intensities μ1 &gt; μ2 + μ3, μ2 &gt; μ3 ≥ 0 (signal, decoy, vacuum): Lim, Curty, Walenta, Xu, Zbinden,
    /// "Concise security bounds for practical decoy-state quantum key distribution", PRA 89, 022307 (2014).
    /// </summary>
    TwoDecoy = 0,

    /// <summary>
    /// Two intensities μ1 &gt; μ2 &gt; 0 (signal, decoy), the vacuum contribution bounded from the error counts:
    /// Rusca, Boaron, Grünenfelder, Martin, Zbinden, "Finite-key analysis for the 1-decoy state QKD protocol",
    /// APL 112, 171104 (2018).
    /// </summary>
    OneDecoy = 1,
}
