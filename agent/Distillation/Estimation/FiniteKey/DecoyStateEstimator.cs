using System.Globalization;

namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// The secret length of one block from its decoy-state statistics, by the finite-key bounds of Lim et al. 2014
/// (two decoys) or Rusca et al. 2018 (one decoy).
/// </summary>
/// <remarks>
/// Degenerate statistics (empty bases, non-positive single-photon bounds, phase error ≥ 1/2, QBER above the limit,
/// invalid counts, intensities or options, non-finite values) give a discarded estimate with a reason; the estimator
/// never throws for them and never returns NaN or a negative length. Two choices go beyond the papers' text: a lower
/// bound on vacuum events below zero (common with few or no vacuum detections, e.g. on short links) is replaced by the
/// trivial bound 0, which is valid and only loses the vacuum credit, so the block is not discarded for it; and a block
/// without any test-basis error is discarded, because the sampling correction γ of Lim eq. (5) tends to 0 there and
/// would certify a zero phase error.
/// Stateless and thread-safe.
/// </remarks>
public static class DecoyStateEstimator
{
    /// <summary>Estimates the secret length of a block.</summary>
    /// <param name="keyBasis">Detections and errors of the key basis per intensity; errors as found by reconciliation.</param>
    /// <param name="testBasis">Detections and errors of the test basis per intensity (all disclosed).</param>
    /// <param name="intensities">The intensities and their probabilities the block was sent with.</param>
    /// <param name="leakedBits">λ_EC: every bit disclosed by error correction (not the verification tag, which the
    /// log2(2/ε_cor) term accounts for).</param>
    /// <param name="options">Method, ε_sec, ε_cor and the QBER limit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static FiniteKeyEstimate Estimate(
        in IntensityCounts keyBasis, in IntensityCounts testBasis, in Intensities intensities, long leakedBits, FiniteKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DecoyMethod method = options.Method;
        var result = new FiniteKeyEstimate { Method = method, LeakedBits = leakedBits };

        string? optionsError = options.FirstError();
        if (optionsError is not null)
        {
            return Discard(result, "invalid options: " + optionsError);
        }

        string? intensitiesError = intensities.Validate(method);
        if (intensitiesError is not null)
        {
            return Discard(result, "invalid intensities: " + intensitiesError);
        }

        string? keyError = keyBasis.TryGetTotals(out long keyDetections, out long keyErrors);
        if (keyError is not null)
        {
            return Discard(result, "invalid key-basis counts: " + keyError);
        }

        string? testError = testBasis.TryGetTotals(out long testDetections, out long testErrors);
        if (testError is not null)
        {
            return Discard(result, "invalid test-basis counts: " + testError);
        }

        result = result with
        {
            KeyDetections = keyDetections,
            KeyErrors = keyErrors,
            TestDetections = testDetections,
            TestErrors = testErrors,
            KeyQber = keyDetections == 0 ? 0.0 : (double)keyErrors / keyDetections,
            TestQber = testDetections == 0 ? 0.0 : (double)testErrors / testDetections,
        };

        if (leakedBits < 0)
        {
            return Discard(result, Invariant($"the error-correction leakage is negative ({leakedBits} bits)"));
        }

        if (method == DecoyMethod.OneDecoy && (keyBasis.VacuumDetections != 0 || testBasis.VacuumDetections != 0))
        {
            return Discard(result, "detections are counted at the vacuum intensity, which the one-decoy method does not send");
        }

        if (keyDetections == 0)
        {
            return Discard(result, "empty block: no detections in the key basis");
        }

        if (testDetections == 0)
        {
            return Discard(result, "no detections in the test basis: the phase error cannot be estimated");
        }

        if (result.TestQber > options.MaxQber)
        {
            return Discard(result, Invariant($"test-basis QBER {result.TestQber:P2} exceeds the limit of {options.MaxQber:P2}"));
        }

        if (result.KeyQber > options.MaxQber)
        {
            return Discard(result, Invariant($"key-basis QBER {result.KeyQber:P2} exceeds the limit of {options.MaxQber:P2}"));
        }

        BasisStatistics key = BasisStatistics.From(keyBasis);
        BasisStatistics test = BasisStatistics.From(testBasis);
        DecoyBounds.Compute(method, intensities, key, test, leakedBits, options.EpsilonSecrecy, options.EpsilonCorrectness, out DecoyBoundValues values);
        result = WithBounds(result, values);

        string? reason = values.Status switch
        {
            DecoyBoundStatus.Ok => null,
            DecoyBoundStatus.KeySinglePhotonNotPositive => Invariant($"the key-basis single-photon lower bound is not positive (s1 = {values.KeySinglePhotonLower:G4})"),
            DecoyBoundStatus.TestSinglePhotonNotPositive => Invariant($"the test-basis single-photon lower bound is not positive (s1 = {values.TestSinglePhotonLower:G4})"),
            DecoyBoundStatus.NoSinglePhotonErrors => "the single-photon error bound of the test basis is zero: the sampling correction of the phase error is undefined",
            DecoyBoundStatus.PhaseErrorTooHigh => Invariant($"the phase error bound {values.PhaseErrorUpper:G4} is not below 0.5"),
            _ => "a bound is not a finite number",
        };
        if (reason is not null)
        {
            return Discard(result, reason);
        }

        if (!(values.RawLength >= 1.0))
        {
            return Discard(result, Invariant($"the secret length is not positive (ℓ = {values.RawLength:F1} bits)"));
        }

        // ℓ is rounded down (Lim eq. (1)); a double holds any realistic length exactly enough, and the cast is safe
        // because ℓ ≤ s0 + s1 ≤ n_key ≤ long.MaxValue.
        long bits = (long)Math.Min(Math.Floor(values.RawLength), keyDetections);
        return result with { Accepted = true, SecretBits = bits };
    }

    private static FiniteKeyEstimate WithBounds(FiniteKeyEstimate result, in DecoyBoundValues values) => result with
    {
        KeyDetectionDeviation = Finite(values.KeyDetectionDeviation),
        KeyErrorDeviation = Finite(values.KeyErrorDeviation),
        TestDetectionDeviation = Finite(values.TestDetectionDeviation),
        TestErrorDeviation = Finite(values.TestErrorDeviation),
        KeyVacuumLower = Finite(values.KeyVacuumLower),
        KeyVacuumUpper = Finite(values.KeyVacuumUpper),
        KeySinglePhotonLower = Finite(values.KeySinglePhotonLower),
        TestSinglePhotonLower = Finite(values.TestSinglePhotonLower),
        TestSinglePhotonErrorsUpper = Finite(values.TestSinglePhotonErrorsUpper),
        SamplingCorrection = Finite(values.SamplingCorrection),
        PhaseErrorUpper = Finite(values.PhaseErrorUpper),
        SecurityOverheadBits = Finite(values.SecurityOverheadBits),
        RawLength = values.Status == DecoyBoundStatus.Ok ? Finite(values.RawLength) : 0.0,
    };

    // A report never carries NaN or infinity: an undefined intermediate shows as 0 (the discard reason says why).
    private static double Finite(double value) => double.IsFinite(value) ? value : 0.0;

    private static FiniteKeyEstimate Discard(FiniteKeyEstimate result, string reason) =>
        result with { Accepted = false, SecretBits = 0, DiscardReason = reason };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
