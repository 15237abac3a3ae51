using System.Globalization;

namespace NodeAgent.Distillation.Estimation;

/// <summary>
/// Checks that the detection rates of the three intensities fit one passive (Poisson) channel: from the vacuum and
/// signal rates it fits the transmittance η and background Y0 of D(μ) = 1 − (1 − Y0)·e^(−ημ), predicts the decoy
/// rate, and flags a deviation that is both statistically significant and large.
/// </summary>
/// <remarks>
/// An honest fibre and detector scale every intensity's detections the same way (loss, dead time, gating all act on
/// the pulse independently of its intensity), so the fit holds. Attacks that answer per photon number do not: photon
/// number splitting suppresses the weak decoy, and detector control (blinding with faked states) follows the
/// eavesdropper's own detector rather than the fibre. The decoy-state bound already shortens the key under splitting,
/// but blinding can make it over-credit single photons, so this check is the alarm for it.
/// </remarks>
public static class ChannelConsistency
{
    /// <summary>Outcome of <see cref="Check"/>.</summary>
    /// <param name="Consistent">False when the decoy rate deviates beyond both thresholds.</param>
    /// <param name="ObservedDecoyRate">Decoy detections per decoy pulse.</param>
    /// <param name="PredictedDecoyRate">What the channel fitted to the vacuum and signal rates predicts.</param>
    /// <param name="Sigma">Deviation in standard deviations (binomial, including the fit's own uncertainty).</param>
    /// <param name="Reason">Why the statistics were flagged or could not be checked; null when consistent.</param>
    public readonly record struct Result(bool Consistent, double ObservedDecoyRate, double PredictedDecoyRate, double Sigma, string? Reason)
    {
        /// <summary>Relative deviation (observed − predicted) / predicted.</summary>
        public double RelativeDeviation => PredictedDecoyRate > 0 ? (ObservedDecoyRate - PredictedDecoyRate) / PredictedDecoyRate : 0;
    }

    /// <summary>
    /// Checks the detections of each intensity over <paramref name="pulses"/> sent pulses. Too few counts to decide
    /// (no pulses, no signal detections) count as consistent: the finite-key bound judges such blocks.
    /// </summary>
    public static Result Check(
        long pulses, long signalDetections, long decoyDetections, long vacuumDetections,
        double signal, double decoy, double vacuum, double signalProbability, double decoyProbability, double vacuumProbability,
        double maxSigma, double maxRelativeDeviation)
    {
        double nS = pulses * signalProbability, nD = pulses * decoyProbability, nV = pulses * vacuumProbability;
        if (pulses <= 0 || nS < 1 || nD < 1 || nV < 1 || signalDetections <= 0 || signal <= vacuum || !(signal > decoy && decoy > vacuum))
        {
            return new Result(true, double.NaN, double.NaN, 0, null);
        }

        double dS = Math.Min(signalDetections / nS, 1 - 1e-12), dD = decoyDetections / nD, dV = Math.Min(vacuumDetections / nV, 1 - 1e-12);
        if (dS <= dV)
        {
            return new Result(false, dD, double.NaN, double.PositiveInfinity, "signal pulses click no more often than vacuum pulses");
        }

        // (1 − D_s)/(1 − D_v) = e^(−η(μ_s − μ_v)) gives η exactly; Y0 follows from the vacuum rate.
        double eta = -Math.Log((1 - dS) / (1 - dV)) / (signal - vacuum);
        double y0 = 1 - ((1 - dV) * Math.Exp(eta * vacuum));
        double predicted = 1 - ((1 - y0) * Math.Exp(-eta * decoy));

        // The prediction is nearly the interpolation D_v + r(D_s − D_v); propagate both rates' binomial variances.
        double r = (decoy - vacuum) / (signal - vacuum);
        double variance = (predicted * (1 - predicted) / nD)
            + ((1 - r) * (1 - r) * dV * (1 - dV) / nV)
            + (r * r * dS * (1 - dS) / nS);
        double sigma = variance > 0 ? (dD - predicted) / Math.Sqrt(variance) : 0;
        var result = new Result(true, dD, predicted, sigma, null);
        if (Math.Abs(sigma) > maxSigma && Math.Abs(result.RelativeDeviation) > maxRelativeDeviation)
        {
            string reason = string.Create(
                CultureInfo.InvariantCulture,
                $"detection rates do not fit a passive channel: decoy rate {dD:E3} vs {predicted:E3} predicted ({result.RelativeDeviation:+0.0%;-0.0%}, {sigma:+0.0;-0.0} sigma): possible detector control or photon-number splitting");
            return result with { Consistent = false, Reason = reason };
        }

        return result;
    }
}
