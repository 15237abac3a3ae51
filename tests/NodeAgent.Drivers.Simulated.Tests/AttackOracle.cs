using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// Expected gains under each attack, from the physics in closed form (independent of the driver, which sums the Poisson
/// series term by term), and the decoy-state estimate the agent would make from observed gains.
/// </summary>
internal static class AttackOracle
{
    private static readonly IntensityClass[] s_classes = [IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum];

    /// <summary>
    /// Photon-number splitting with lossless channel substitution: per class, Bob's gain and the share of his
    /// detections whose pulse Eve kept a photon of. Eve forwards single photons with f1 and multi-photon remainders with
    /// fm, chosen to reproduce the signal's photon-click probability 1 − e^(−eta·mu).
    /// </summary>
    public static (double[] Gain, double[] KeptShare, double F1, double Fm) PhotonNumberSplitting(AnalyticalLinkModel model)
    {
        double etaR = model.ReceiverEfficiency;
        double target = 1 - Math.Exp(-model.Transmittance * model.Intensity(IntensityClass.Signal));
        double s = Single(model.Intensity(IntensityClass.Signal), etaR);
        double m = Multi(model.Intensity(IntensityClass.Signal), etaR);
        (double f1, double fm) = m >= target ? (0.0, target / m) : m + s >= target ? ((target - m) / s, 1.0) : (1.0, 1.0);

        var gain = new double[3];
        var kept = new double[3];
        foreach (IntensityClass k in s_classes)
        {
            double mu = model.Intensity(k);
            double eve = (f1 * Single(mu, etaR)) + (fm * Multi(mu, etaR));
            gain[(int)k] = eve + (model.VacuumYield * (1 - eve));
            kept[(int)k] = fm * Multi(mu, etaR) / gain[(int)k];
        }

        return (gain, kept, f1, fm);
    }

    /// <summary>
    /// Detector blinding: per class, Bob's gain and the share of forced clicks. Eve detects with 1 − e^(−eta_E·mu) and
    /// forces a click with probability c = min(1, (1 − e^(−eta·mu_s)) / (1 − e^(−eta_E·mu_s))) per detection; otherwise
    /// Bob sees a (possibly emulated) dark count with Y0.
    /// </summary>
    public static (double[] Gain, double[] ForcedShare, double C) Blinding(AnalyticalLinkModel model, double eveEfficiency)
    {
        double signal = model.Intensity(IntensityClass.Signal);
        double c = Math.Min(1, (1 - Math.Exp(-model.Transmittance * signal)) / (1 - Math.Exp(-eveEfficiency * signal)));
        var gain = new double[3];
        var forced = new double[3];
        foreach (IntensityClass k in s_classes)
        {
            double f = c * (1 - Math.Exp(-eveEfficiency * model.Intensity(k)));
            gain[(int)k] = f + (model.VacuumYield * (1 - f));
            forced[(int)k] = f / gain[(int)k];
        }

        return (gain, forced, c);
    }

    /// <summary>
    /// The vacuum + weak decoy lower bound on the single-photon yield (Ma, Qi, Zhao &amp; Lo, PRA 72, 012326 (2005),
    /// Sec. III B): Y1 ≥ mu/(mu·nu − nu²)·(Q_nu·e^nu − Q_mu·e^mu·nu²/mu² − (mu² − nu²)/mu²·Y0), with the vacuum-class gain
    /// for Y0 (our vacuum intensity, 2e-4, adds a negligible photon part).
    /// </summary>
    public static double SinglePhotonYieldLowerBound(double mu, double nu, double qMu, double qNu, double y0) =>
        mu / ((mu * nu) - (nu * nu)) * ((qNu * Math.Exp(nu)) - (qMu * Math.Exp(mu) * nu * nu / (mu * mu)) - (((mu * mu) - (nu * nu)) / (mu * mu) * y0));

    /// <summary>S(mu) = mu·e^(−mu)·eta_R: a forwarded single photon clicks in Bob's receiver.</summary>
    private static double Single(double mu, double etaR) => mu * Math.Exp(-mu) * etaR;

    /// <summary>
    /// M(mu) = Σ_{n≥2} P(n)·(1 − r^(n−1)), r = 1 − eta_R, in closed form: Σ_{n≥1} P(n)·r^(n−1) = (e^(−mu·eta_R) − e^(−mu))/r.
    /// </summary>
    private static double Multi(double mu, double etaR)
    {
        double r = 1 - etaR;
        return 1 - Math.Exp(-mu) - ((Math.Exp(-mu * etaR) - Math.Exp(-mu)) / r);
    }
}
