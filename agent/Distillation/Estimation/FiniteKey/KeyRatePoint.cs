namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>The expected outcome of one block under a <see cref="KeyRateModel"/>.</summary>
/// <param name="Accepted">True when the expected block yields a positive secret length.</param>
/// <param name="DiscardReason">Why it does not; null when accepted.</param>
/// <param name="SecretBitsPerPulse">ℓ/N, 0 when not accepted.</param>
/// <param name="SecretBitsPerSecond">ℓ/N times the repetition rate, 0 when not accepted.</param>
/// <param name="RawLength">ℓ per block before rounding and clipping (may be negative); 0 when a bound fails.</param>
/// <param name="PulsesPerBlock">N: pulses Alice sends until the key basis holds the requested detections.</param>
/// <param name="KeyDetections">n_key, as requested.</param>
/// <param name="TestDetections">n_test, the expected test-basis detections of the same N pulses.</param>
/// <param name="KeyQber">Expected QBER of the key basis, e_key.</param>
/// <param name="TestQber">Expected QBER of the test basis.</param>
/// <param name="LeakedBits">λ_EC = f_EC · n_key · h(e_key).</param>
/// <param name="KeyVacuumLower">s_{key,0} lower bound.</param>
/// <param name="KeySinglePhotonLower">s_{key,1} lower bound.</param>
/// <param name="PhaseErrorUpper">φ_key upper bound.</param>
/// <param name="EpsilonSecrecy">The ε_sec the length was computed for.</param>
public readonly record struct KeyRatePoint(
    bool Accepted,
    string? DiscardReason,
    double SecretBitsPerPulse,
    double SecretBitsPerSecond,
    double RawLength,
    double PulsesPerBlock,
    double KeyDetections,
    double TestDetections,
    double KeyQber,
    double TestQber,
    double LeakedBits,
    double KeyVacuumLower,
    double KeySinglePhotonLower,
    double PhaseErrorUpper,
    double EpsilonSecrecy)
{
    /// <summary>
    /// The optimiser's figure of merit: ℓ/N when positive, otherwise ℓ/n_key (≤ 0, rising towards a feasible point),
    /// so every accepted point ranks above every rejected one and rejected points still show a direction.
    /// </summary>
    internal double Score { get; init; }
}
