using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

/// <summary>
/// With huge blocks the finite-key length per pulse approaches the asymptotic decoy-state (GLLP) rate, computed here
/// from the true single-photon yield and error rate of the channel rather than from any bound.
/// </summary>
public class AsymptoticRateTests
{
    // Lim 2014's fibre at 50 km without afterpulses, so that every detection comes from a photon or a dark count:
    // η_sys = 0.1 · 10^(−1), p_dc = 6·10^-7 per detector, e_mis = 0.5 %. A weak decoy (μ2 = 0.02) and a true vacuum
    // make the decoy bounds nearly tight; q = 0.9, f_EC = 1.16.
    private const double Eta = 0.01;
    private const double DarkCount = 6e-7;
    private const double Misalignment = 5e-3;
    private const double Q = 0.9;
    private const double Fec = 1.16;
    private static readonly Intensities s_intensities = new(0.5, 0.02, 0.0, 0.8, 0.1, 0.1);

    [Fact]
    public void Approaches_the_GLLP_rate_from_below_as_blocks_grow_to_1e12()
    {
        double asymptotic = GllpRatePerPulse();
        double previous = 0;
        foreach (double keyBlock in new[] { 1e10, 1e11, 1e12 })
        {
            double rate = FiniteRatePerPulse(keyBlock, out FiniteKeyEstimate estimate);
            Assert.True(estimate.Accepted, estimate.DiscardReason);
            Assert.True(rate <= asymptotic, $"n {keyBlock:E0}: finite {rate:E4} above asymptotic {asymptotic:E4}");
            Assert.True(rate > previous, $"n {keyBlock:E0}: {rate:E4} not above {previous:E4}");
            previous = rate;
        }

        // At 10^12 detections only the decoy method's own slack (finite μ2) is left: within 3 %.
        Assert.InRange(previous / asymptotic, 0.97, 1.0);
    }

    /// <summary>
    /// GLLP (Gottesman, Lo, Lütkenhaus, Preskill, QIC 4, 325 (2004)) with decoy states (Lo, Ma, Chen, PRL 94, 230504
    /// (2005)), crediting vacuum events as Lim's eq. (1) does:
    /// R = q² [τ0 Y0 + τ1 Y1 (1 − h(e1)) − f_EC Q_tot h(E_tot)], Y_n = 1 − (1 − 2 p_dc)(1 − η)^n,
    /// e1 Y1 = p_dc + e_mis η, Q_tot and E_tot the intensity-averaged detection probability and QBER.
    /// </summary>
    private static double GllpRatePerPulse()
    {
        double tau0 = 0;
        double tau1 = 0;
        double detection = 0;
        double errors = 0;
        foreach ((double mu, double p) in Classes())
        {
            tau0 += p * Math.Exp(-mu);
            tau1 += p * mu * Math.Exp(-mu);
            detection += p * Detection(mu);
            errors += p * Error(mu);
        }

        double y0 = 2 * DarkCount;
        double y1 = 1 - ((1 - (2 * DarkCount)) * (1 - Eta));
        double e1 = (DarkCount + (Misalignment * Eta)) / y1;
        return Q * Q * ((tau0 * y0) + (tau1 * y1 * (1 - BinaryEntropy.H(e1))) - (Fec * detection * BinaryEntropy.H(errors / detection)));
    }

    /// <summary>ℓ/N from the estimator applied to the expected counts, rounded to whole detections.</summary>
    private static double FiniteRatePerPulse(double keyBlock, out FiniteKeyEstimate estimate)
    {
        double detection = 0;
        foreach ((double mu, double p) in Classes())
        {
            detection += p * Detection(mu);
        }

        double pulses = keyBlock / (Q * Q * detection);
        IntensityCounts key = Counts(pulses * Q * Q);
        IntensityCounts test = Counts(pulses * (1 - Q) * (1 - Q));
        _ = key.TryGetTotals(out long n, out long m);
        long leaked = (long)Math.Ceiling(Fec * n * BinaryEntropy.H((double)m / n));
        estimate = DecoyStateEstimator.Estimate(key, test, s_intensities, leaked, new FiniteKeyOptions());
        return estimate.SecretBits / pulses;
    }

    private static IntensityCounts Counts(double pulsesInBasis)
    {
        (double mu, double p)[] classes = Classes();
        long Round(double x) => (long)Math.Round(x);
        return new IntensityCounts(
            Round(pulsesInBasis * classes[0].p * Detection(classes[0].mu)),
            Round(pulsesInBasis * classes[1].p * Detection(classes[1].mu)),
            Round(pulsesInBasis * classes[2].p * Detection(classes[2].mu)),
            Round(pulsesInBasis * classes[0].p * Error(classes[0].mu)),
            Round(pulsesInBasis * classes[1].p * Error(classes[1].mu)),
            Round(pulsesInBasis * classes[2].p * Error(classes[2].mu)));
    }

    private static (double mu, double p)[] Classes() =>
    [
        (s_intensities.Signal, s_intensities.SignalProbability),
        (s_intensities.Decoy, s_intensities.DecoyProbability),
        (s_intensities.Vacuum, s_intensities.VacuumProbability),
    ];

    private static double Detection(double mu) => 1 - ((1 - (2 * DarkCount)) * Math.Exp(-Eta * mu));

    private static double Error(double mu) => DarkCount + (Misalignment * (1 - Math.Exp(-Eta * mu)));
}
