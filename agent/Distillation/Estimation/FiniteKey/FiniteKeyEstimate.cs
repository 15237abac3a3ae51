namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// The outcome of <see cref="DecoyStateEstimator.Estimate"/> for one block: accepted with a secret length, or discarded
/// with a reason, together with every statistic and bound that went into the decision (for logs and telemetry).
/// </summary>
/// <remarks>
/// "Key" is the basis the key is cut from (our <c>Basis.Z</c>; X in Lim 2014, Z in Rusca 2018); "test" the other.
/// When a block is discarded early the bounds not yet computed are 0. Immutable.
/// </remarks>
public sealed record FiniteKeyEstimate
{
    /// <summary>True when the block yields a positive secret length.</summary>
    public bool Accepted { get; init; }

    /// <summary>⌊ℓ⌋, the bits privacy amplification may output; 0 when discarded.</summary>
    public long SecretBits { get; init; }

    /// <summary>Why the block yields no key; null when accepted.</summary>
    public string? DiscardReason { get; init; }

    /// <summary>The analysis applied.</summary>
    public DecoyMethod Method { get; init; }

    /// <summary>n_key: detections in the key basis (all intensities).</summary>
    public long KeyDetections { get; init; }

    /// <summary>m_key: errors in the key basis, as reported by reconciliation.</summary>
    public long KeyErrors { get; init; }

    /// <summary>n_test: detections in the test basis.</summary>
    public long TestDetections { get; init; }

    /// <summary>m_test: errors in the test basis.</summary>
    public long TestErrors { get; init; }

    /// <summary>m_key / n_key (0 for an empty block).</summary>
    public double KeyQber { get; init; }

    /// <summary>m_test / n_test (0 when the test basis is empty).</summary>
    public double TestQber { get; init; }

    /// <summary>δ(n_key, ε_sec/K), the Hoeffding term on the key-basis detections.</summary>
    public double KeyDetectionDeviation { get; init; }

    /// <summary>δ(m_key, ε_sec/K), the Hoeffding term on the key-basis errors (used by the one-decoy method).</summary>
    public double KeyErrorDeviation { get; init; }

    /// <summary>δ(n_test, ε_sec/K).</summary>
    public double TestDetectionDeviation { get; init; }

    /// <summary>δ(m_test, ε_sec/K).</summary>
    public double TestErrorDeviation { get; init; }

    /// <summary>s_{key,0} lower bound: key-basis detections caused by vacuum pulses (clipped at 0).</summary>
    public double KeyVacuumLower { get; init; }

    /// <summary>s_{key,0} upper bound (one-decoy only, Rusca eq. (A16); 0 for two-decoy).</summary>
    public double KeyVacuumUpper { get; init; }

    /// <summary>s_{key,1} lower bound: key-basis detections caused by single-photon pulses.</summary>
    public double KeySinglePhotonLower { get; init; }

    /// <summary>s_{test,1} lower bound.</summary>
    public double TestSinglePhotonLower { get; init; }

    /// <summary>v_{test,1} upper bound: errors of single-photon detections in the test basis.</summary>
    public double TestSinglePhotonErrorsUpper { get; init; }

    /// <summary>γ, the random-sampling correction of the phase error (Lim eq. (5)).</summary>
    public double SamplingCorrection { get; init; }

    /// <summary>φ_key upper bound: the phase error rate of the single-photon key bits.</summary>
    public double PhaseErrorUpper { get; init; }

    /// <summary>λ_EC: the bits disclosed by error correction that were subtracted.</summary>
    public long LeakedBits { get; init; }

    /// <summary>6·log2(K/ε_sec) + log2(2/ε_cor), K = 21 (two-decoy) or 19 (one-decoy).</summary>
    public double SecurityOverheadBits { get; init; }

    /// <summary>ℓ before rounding down and clipping at 0 (0 when the bounds could not be evaluated).</summary>
    public double RawLength { get; init; }
}
