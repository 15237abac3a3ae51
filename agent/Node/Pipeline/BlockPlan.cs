using Microsoft.Extensions.Logging;
using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Estimation.FiniteKey;
using NodeAgent.Distillation.Reconciliation;
using NodeAgent.Distillation.Verification;
using NodeAgent.Hal.Transmitter;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>The block arithmetic both ends must compute identically from the shared configuration and counts.</summary>
internal static class BlockPlan
{
    /// <summary>Number of 64-bit verification tags for a key of <paramref name="keyBits"/>.</summary>
    public static int TagWords(DistillationOptions options, int keyBits) =>
        PolynomialHash.TagWords(keyBits, options.FiniteKey.EpsilonCorrectness);

    /// <summary>Test-basis error rate over all intensities (NaN without test-basis detections).</summary>
    public static double TestQber(IntensityTally errors, IntensityTally detections) =>
        detections.Total == 0 ? double.NaN : (double)errors.Total / detections.Total;

    /// <summary>The Cascade schedule for a block; both ends derive it from the same QBER and seed.</summary>
    public static CascadeSchedule Schedule(DistillationOptions options, int keyBits, double qber, ulong seed) =>
        CascadeSchedule.Create(keyBits, double.IsFinite(qber) ? qber : 0.5, seed, new CascadeOptions { Passes = options.CascadePasses });

    /// <summary>The estimator's view of the transmitter's calibrated intensities.</summary>
    public static Intensities ToIntensities(IntensityLevels levels) => new(
        levels.Signal, levels.Decoy, levels.Vacuum, levels.SignalProbability, levels.DecoyProbability, levels.VacuumProbability);

    /// <summary>
    /// The finite-key secret length of a block (Lim et al. 2014 or Rusca et al. 2018), after the QBER alarm check.
    /// <paramref name="keyErrors"/> are the errors reconciliation corrected (reported only; the bound does not use them).
    /// </summary>
    public static FiniteKeyEstimate EstimateSecretLength(
        DistillationOptions options, Intensities intensities, IntensityTally keyDetections, IntensityTally testDetections,
        IntensityTally testErrors, long keyErrors, long leakedBits)
    {
        double qber = TestQber(testErrors, testDetections);
        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(
            ToCounts(keyDetections, keyErrors), ToCounts(testDetections, testErrors), intensities, leakedBits, options.FiniteKey);
        return qber > options.FiniteKey.MaxQber ? estimate with { Accepted = false, SecretBits = 0, DiscardReason = QberReason(qber) } : estimate;
    }

    /// <summary>The passive-channel check over the detections of one period (see <see cref="ChannelConsistency"/>).</summary>
    public static ChannelConsistency.Result CheckChannel(DistillationOptions options, IntensityLevels levels, ChannelPeriod period) =>
        ChannelConsistency.Check(
            period.Pulses, period.Detections.Signal, period.Detections.Decoy, period.Detections.Vacuum,
            levels.Signal, levels.Decoy, levels.Vacuum, levels.SignalProbability, levels.DecoyProbability, levels.VacuumProbability,
            options.ChannelCheckMaxSigma, options.ChannelCheckMaxDeviation);

    /// <summary>Length of the final key: the finite-key bound rounded down to whole delivered keys.</summary>
    public static int OutputBits(DistillationOptions options, FiniteKeyEstimate estimate, int keyBits)
    {
        long whole = estimate.Accepted ? estimate.SecretBits / options.KeyBits * options.KeyBits : 0;
        return (int)Math.Min(whole, keyBits);
    }

    /// <summary>The estimate as it travels to Bob and into telemetry.</summary>
    public static FiniteKeyReport Report(FiniteKeyEstimate estimate, double testQber, double keyQber, long leakedBits) => new()
    {
        VacuumLower = estimate.KeyVacuumLower,
        SinglePhotonLower = estimate.KeySinglePhotonLower,
        PhaseErrorUpper = estimate.PhaseErrorUpper,
        TestQber = testQber,
        KeyQber = keyQber,
        LeakedBits = (ulong)Math.Max(0, leakedBits),
        SecretLength = estimate.RawLength,
        TestSinglePhotonLower = estimate.TestSinglePhotonLower,
        TestSinglePhotonErrorsUpper = estimate.TestSinglePhotonErrorsUpper,
        KeyDetections = (ulong)Math.Max(0, estimate.KeyDetections),
        TestDetections = (ulong)Math.Max(0, estimate.TestDetections),
        Method = estimate.Method.ToString(),
    };

    /// <summary>One log line per block with every bound behind its length (no key material).</summary>
    public static void LogEstimate(ILogger logger, ulong block, FiniteKeyReport report) =>
        logger.LogInformation(
            "Block {Block} estimate ({Method}): n_key {KeyDetections}, n_test {TestDetections}, s0 >= {S0:F0}, s1 >= {S1:F0}, test s1 >= {TestS1:F0}, v1 <= {V1:F0}, phase error <= {Phi:P2}, QBER test {TestQber:P2} key {KeyQber:P2}, leaked {Leaked} bits, l = {Length:F0}",
            block, report.Method, report.KeyDetections, report.TestDetections, report.VacuumLower, report.SinglePhotonLower, report.TestSinglePhotonLower,
            report.TestSinglePhotonErrorsUpper, report.PhaseErrorUpper, report.TestQber, report.KeyQber, report.LeakedBits, report.SecretLength);

    /// <summary>The discard reason of the QBER alarm.</summary>
    public static string QberReason(double qber) => $"QBER {qber:P2} above the limit: possible eavesdropping";

    private static IntensityCounts ToCounts(IntensityTally detections, IntensityTally errors) => new()
    {
        SignalDetections = detections.Signal,
        DecoyDetections = detections.Decoy,
        VacuumDetections = detections.Vacuum,
        SignalErrors = errors.Signal,
        DecoyErrors = errors.Decoy,
        VacuumErrors = errors.Vacuum,
    };

    private static IntensityCounts ToCounts(IntensityTally detections, long errors) => new()
    {
        SignalDetections = detections.Signal,
        DecoyDetections = detections.Decoy,
        VacuumDetections = detections.Vacuum,
        SignalErrors = errors,
    };
}
