namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// The decoy-state bounds on real-valued statistics, shared by <see cref="DecoyStateEstimator"/> (observed counts) and
/// <see cref="KeyRateModel"/> (expected counts). Callers have validated the intensities and options.
/// </summary>
/// <remarks>
/// Notation map: Lim 2014 extracts key from basis X and tests in basis Z; Rusca 2018 uses Z for key and X for test.
/// Here "key" is our <c>Basis.Z</c> and "test" our <c>Basis.X</c>, whatever letters the paper uses.
/// Pure functions on their arguments; thread-safe.
/// </remarks>
internal static partial class DecoyBounds
{
    /// <summary>Number of equal error terms ε_sec is split into: 21 in Lim 2014 (eq. (B4)), 19 in Rusca 2018 (eq. (A24)).</summary>
    public static double ErrorTerms(DecoyMethod method) => method == DecoyMethod.OneDecoy ? 19.0 : 21.0;

    /// <summary>
    /// Evaluates every bound and the raw secret length ℓ for leakage <paramref name="leakedBits"/> (λ_EC).
    /// </summary>
    public static void Compute(
        DecoyMethod method,
        in Intensities intensities,
        in BasisStatistics key,
        in BasisStatistics test,
        double leakedBits,
        double epsilonSecrecy,
        double epsilonCorrectness,
        out DecoyBoundValues values)
    {
        values = default;
        double terms = ErrorTerms(method);

        // Each Hoeffding application gets ε = ε_sec/K, which is why the papers write √(n/2 · ln(K/ε_sec)).
        double epsilon = epsilonSecrecy / terms;
        values.KeyDetectionDeviation = FiniteSizeCorrection.HoeffdingDeviation(key.Detections, epsilon);
        values.KeyErrorDeviation = FiniteSizeCorrection.HoeffdingDeviation(key.Errors, epsilon);
        values.TestDetectionDeviation = FiniteSizeCorrection.HoeffdingDeviation(test.Detections, epsilon);
        values.TestErrorDeviation = FiniteSizeCorrection.HoeffdingDeviation(test.Errors, epsilon);
        values.SecurityOverheadBits = (6.0 * Math.Log2(terms / epsilonSecrecy)) + Math.Log2(2.0 / epsilonCorrectness);

        if (method == DecoyMethod.OneDecoy)
        {
            ComputeOneDecoy(intensities, key, test, ref values);
        }
        else
        {
            ComputeTwoDecoy(intensities, key, test, ref values);
        }

        FinishPhaseErrorAndLength(epsilonSecrecy, leakedBits, ref values);
    }

    /// <summary>e^k/p_k · (count ± δ): the observed count of class k scaled to all photon numbers (Lim 2014, n±_{X,k}).</summary>
    private static double Scaled(double mean, double probability, double count, double deviation) =>
        Math.Exp(mean) / probability * (count + deviation);

    private static void FinishPhaseErrorAndLength(double epsilonSecrecy, double leakedBits, ref DecoyBoundValues values)
    {
        double sKey = values.KeySinglePhotonLower;
        double sTest = values.TestSinglePhotonLower;
        double vTest = values.TestSinglePhotonErrorsUpper;
        if (!double.IsFinite(sKey) || !double.IsFinite(sTest) || !double.IsFinite(vTest) || !double.IsFinite(values.KeyVacuumLower))
        {
            values.Status = DecoyBoundStatus.NotFinite;
            return;
        }

        if (sKey <= 0.0)
        {
            values.Status = DecoyBoundStatus.KeySinglePhotonNotPositive;
            return;
        }

        if (sTest <= 0.0)
        {
            values.Status = DecoyBoundStatus.TestSinglePhotonNotPositive;
            return;
        }

        // γ of Lim eq. (5) vanishes as b → 0, which would certify a zero phase error from a sample without errors —
        // an artefact of the approximation behind eq. (B2), not a property of the sampling. Refuse instead.
        if (vTest <= 0.0)
        {
            values.Status = DecoyBoundStatus.NoSinglePhotonErrors;
            return;
        }

        // Lim 2014 eq. (5) / Rusca 2018 eq. (A23): φ_key ≤ v_{test,1}/s_{test,1} + γ(ε_sec, v/s, s_{test,1}, s_{key,1}).
        double errorRate = vTest / sTest;
        if (errorRate >= 0.5)
        {
            values.PhaseErrorUpper = errorRate;
            values.Status = DecoyBoundStatus.PhaseErrorTooHigh;
            return;
        }

        values.SamplingCorrection = FiniteSizeCorrection.PhaseErrorSamplingCorrection(epsilonSecrecy, errorRate, sTest, sKey);
        values.PhaseErrorUpper = errorRate + values.SamplingCorrection;
        if (!double.IsFinite(values.PhaseErrorUpper))
        {
            values.Status = DecoyBoundStatus.NotFinite;
            return;
        }

        if (values.PhaseErrorUpper >= 0.5)
        {
            values.Status = DecoyBoundStatus.PhaseErrorTooHigh;
            return;
        }

        // Lim 2014 eq. (1) / Rusca 2018 eq. (A25):
        // ℓ = s_{key,0} + s_{key,1}(1 − h(φ_key)) − λ_EC − 6 log2(K/ε_sec) − log2(2/ε_cor).
        values.RawLength = values.KeyVacuumLower
            + (sKey * (1.0 - BinaryEntropy.H(values.PhaseErrorUpper)))
            - leakedBits
            - values.SecurityOverheadBits;
        values.Status = double.IsFinite(values.RawLength) ? DecoyBoundStatus.Ok : DecoyBoundStatus.NotFinite;
    }
}
