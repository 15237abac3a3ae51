namespace NodeAgent.Distillation.Estimation.FiniteKey;

internal static partial class DecoyBounds
{
    /// <summary>
    /// Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), eqs. (2)–(4), with μ1 = signal, μ2 = decoy,
    /// μ3 = vacuum, n±_{B,k} = e^k/p_k (n_{B,k} ± δ(n_B, ε_sec/21)) and m±_{B,k} likewise with δ(m_B, ε_sec/21).
    /// </summary>
    private static void ComputeTwoDecoy(
        in Intensities intensities, in BasisStatistics key, in BasisStatistics test, ref DecoyBoundValues values)
    {
        double tau0 = intensities.PhotonNumberProbability(0);
        double tau1 = intensities.PhotonNumberProbability(1);

        values.KeyVacuumLower = VacuumLower(intensities, key, values.KeyDetectionDeviation, tau0);
        values.KeySinglePhotonLower = SinglePhotonLower(intensities, key, values.KeyDetectionDeviation, tau0, tau1, values.KeyVacuumLower);
        values.TestVacuumBound = VacuumLower(intensities, test, values.TestDetectionDeviation, tau0);
        values.TestSinglePhotonLower = SinglePhotonLower(intensities, test, values.TestDetectionDeviation, tau0, tau1, values.TestVacuumBound);

        // Eq. (4): v_{Z,1} ≤ τ1 (m+_{Z,μ2} − m−_{Z,μ3}) / (μ2 − μ3).
        double mu2 = intensities.Decoy;
        double mu3 = intensities.Vacuum;
        double dm = values.TestErrorDeviation;
        double mDecoyPlus = Scaled(mu2, intensities.DecoyProbability, test.DecoyErrors, dm);
        double mVacuumMinus = Scaled(mu3, intensities.VacuumProbability, test.VacuumErrors, -dm);
        values.TestSinglePhotonErrorsUpper = tau1 * (mDecoyPlus - mVacuumMinus) / (mu2 - mu3);
    }

    /// <summary>Eq. (2): s_{B,0} ≥ τ0 (μ2 n−_{B,μ3} − μ3 n+_{B,μ2}) / (μ2 − μ3), clipped at 0.</summary>
    private static double VacuumLower(in Intensities intensities, in BasisStatistics basis, double dn, double tau0)
    {
        double mu2 = intensities.Decoy;
        double mu3 = intensities.Vacuum;
        double nVacuumMinus = Scaled(mu3, intensities.VacuumProbability, basis.VacuumDetections, -dn);
        double nDecoyPlus = Scaled(mu2, intensities.DecoyProbability, basis.DecoyDetections, dn);
        double bound = tau0 * ((mu2 * nVacuumMinus) - (mu3 * nDecoyPlus)) / (mu2 - mu3);

        // With few vacuum detections the bound goes negative; s_{B,0} ≥ 0 always holds, and a larger valid lower bound
        // on s_{B,0} only tightens eq. (3), where it enters with a positive sign.
        return Math.Max(bound, 0.0);
    }

    /// <summary>
    /// Eq. (3): s_{B,1} ≥ τ1 μ1 [n−_{B,μ2} − n+_{B,μ3} − (μ2² − μ3²)/μ1² (n+_{B,μ1} − s_{B,0}/τ0)]
    /// / [μ1(μ2 − μ3) − μ2² + μ3²].
    /// </summary>
    private static double SinglePhotonLower(
        in Intensities intensities, in BasisStatistics basis, double dn, double tau0, double tau1, double vacuumLower)
    {
        double mu1 = intensities.Signal;
        double mu2 = intensities.Decoy;
        double mu3 = intensities.Vacuum;
        double nSignalPlus = Scaled(mu1, intensities.SignalProbability, basis.SignalDetections, dn);
        double nDecoyMinus = Scaled(mu2, intensities.DecoyProbability, basis.DecoyDetections, -dn);
        double nVacuumPlus = Scaled(mu3, intensities.VacuumProbability, basis.VacuumDetections, dn);
        double squares = (mu2 * mu2) - (mu3 * mu3);
        double numerator = nDecoyMinus - nVacuumPlus - (squares / (mu1 * mu1) * (nSignalPlus - (vacuumLower / tau0)));
        double denominator = (mu1 * (mu2 - mu3)) - squares;
        return tau1 * mu1 * numerator / denominator;
    }
}
