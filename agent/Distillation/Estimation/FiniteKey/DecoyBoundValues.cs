namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>Every intermediate quantity of one evaluation of the decoy-state bounds (see <see cref="DecoyBounds"/>).</summary>
internal struct DecoyBoundValues
{
    public DecoyBoundStatus Status;

    /// <summary>δ(n_key, ε) and δ(m_key, ε): the Hoeffding terms of the key basis.</summary>
    public double KeyDetectionDeviation;
    public double KeyErrorDeviation;

    /// <summary>δ(n_test, ε) and δ(m_test, ε): the Hoeffding terms of the test basis.</summary>
    public double TestDetectionDeviation;
    public double TestErrorDeviation;

    /// <summary>s_{key,0} lower bound, clipped at 0 (a count cannot be negative, so 0 is always a valid lower bound).</summary>
    public double KeyVacuumLower;

    /// <summary>s_{key,0} upper bound (one-decoy only; 0 for two-decoy).</summary>
    public double KeyVacuumUpper;

    /// <summary>s_{key,1} lower bound.</summary>
    public double KeySinglePhotonLower;

    /// <summary>s_{test,0} lower (two-decoy) or upper (one-decoy) bound, the one that enters s_{test,1}.</summary>
    public double TestVacuumBound;

    /// <summary>s_{test,1} lower bound.</summary>
    public double TestSinglePhotonLower;

    /// <summary>v_{test,1} upper bound.</summary>
    public double TestSinglePhotonErrorsUpper;

    /// <summary>γ(ε_sec, v/s, s_test, s_key).</summary>
    public double SamplingCorrection;

    /// <summary>φ_key upper bound = v_{test,1}/s_{test,1} + γ.</summary>
    public double PhaseErrorUpper;

    /// <summary>6·log2(K/ε_sec) + log2(2/ε_cor), K = 21 (two-decoy) or 19 (one-decoy).</summary>
    public double SecurityOverheadBits;

    /// <summary>ℓ before rounding and clipping; meaningful only when <see cref="Status"/> is Ok.</summary>
    public double RawLength;
}
