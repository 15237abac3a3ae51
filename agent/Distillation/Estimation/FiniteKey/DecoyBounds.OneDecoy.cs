namespace NodeAgent.Distillation.Estimation.FiniteKey;

internal static partial class DecoyBounds
{
    /// <summary>
    /// Rusca, Boaron, Grünenfelder, Martin, Zbinden, APL 112, 171104 (2018), Appendix A, with μ1 = signal, μ2 = decoy,
    /// n±_{B,k} = e^k/p_k (n_{B,k} ± δ(n_B, ε_sec/19)) and m±_{B,k} likewise with δ(m_B, ε_sec/19) — each of the 19
    /// equal error terms of eq. (A24) gets ε_sec/19, as Lim's main text gives each of its 21 terms ε_sec/21.
    /// </summary>
    /// <remarks>
    /// Without a vacuum intensity the vacuum contribution is bounded from above through the errors: vacuum detections
    /// are errors with probability 1/2 (eqs. (A12)–(A16)). That is why the key-basis errors (known after reconciliation)
    /// enter this method.
    /// </remarks>
    private static void ComputeOneDecoy(
        in Intensities intensities, in BasisStatistics key, in BasisStatistics test, ref DecoyBoundValues values)
    {
        double tau0 = intensities.PhotonNumberProbability(0);
        double tau1 = intensities.PhotonNumberProbability(1);

        values.KeyVacuumLower = VacuumLowerOneDecoy(intensities, key, values.KeyDetectionDeviation, tau0);
        values.KeyVacuumUpper = VacuumUpperOneDecoy(intensities, key, values.KeyDetectionDeviation, values.KeyErrorDeviation, tau0);
        values.KeySinglePhotonLower = SinglePhotonLowerOneDecoy(intensities, key, values.KeyDetectionDeviation, tau0, tau1, values.KeyVacuumUpper);
        values.TestVacuumBound = VacuumUpperOneDecoy(intensities, test, values.TestDetectionDeviation, values.TestErrorDeviation, tau0);
        values.TestSinglePhotonLower = SinglePhotonLowerOneDecoy(intensities, test, values.TestDetectionDeviation, tau0, tau1, values.TestVacuumBound);

        // Eq. (A22): v_{X,1} ≤ τ1 (m+_{X,μ1} − m−_{X,μ2}) / (μ1 − μ2).
        double mu1 = intensities.Signal;
        double mu2 = intensities.Decoy;
        double dm = values.TestErrorDeviation;
        double mSignalPlus = Scaled(mu1, intensities.SignalProbability, test.SignalErrors, dm);
        double mDecoyMinus = Scaled(mu2, intensities.DecoyProbability, test.DecoyErrors, -dm);
        values.TestSinglePhotonErrorsUpper = tau1 * (mSignalPlus - mDecoyMinus) / (mu1 - mu2);
    }

    /// <summary>Eq. (A19) (Lim's eq. (2) on two intensities): s_{B,0} ≥ τ0 (μ1 n−_{B,μ2} − μ2 n+_{B,μ1}) / (μ1 − μ2), clipped at 0.</summary>
    private static double VacuumLowerOneDecoy(in Intensities intensities, in BasisStatistics basis, double dn, double tau0)
    {
        double mu1 = intensities.Signal;
        double mu2 = intensities.Decoy;
        double nDecoyMinus = Scaled(mu2, intensities.DecoyProbability, basis.DecoyDetections, -dn);
        double nSignalPlus = Scaled(mu1, intensities.SignalProbability, basis.SignalDetections, dn);
        double bound = tau0 * ((mu1 * nDecoyMinus) - (mu2 * nSignalPlus)) / (mu1 - mu2);
        return Math.Max(bound, 0.0);
    }

    /// <summary>
    /// Eq. (A16) with k = μ2: s_{B,0} ≤ 2 [τ0 e^{μ2}/p_{μ2} (m_{B,μ2} + δ(m_B, ε)) + δ(n_B, ε)], capped at n_B (a
    /// subset of the detections cannot outnumber them).
    /// </summary>
    /// <remarks>
    /// (A15)–(A16) hold for either intensity k. The weak decoy is used: its errors contain the fewest photon-induced
    /// (misalignment) errors per vacuum event, which the bound must otherwise absorb. Fixed in advance rather than the
    /// smaller of the two, since choosing after seeing the data would spend a further Hoeffding failure probability.
    /// </remarks>
    private static double VacuumUpperOneDecoy(in Intensities intensities, in BasisStatistics basis, double dn, double dm, double tau0)
    {
        double bound = 2.0 * ((tau0 * Scaled(intensities.Decoy, intensities.DecoyProbability, basis.DecoyErrors, dm)) + dn);
        return Math.Min(bound, basis.Detections);
    }

    /// <summary>
    /// Eq. (A17): s_{B,1} ≥ τ1 μ1 / (μ2 (μ1 − μ2)) [n−_{B,μ2} − (μ2/μ1)² n+_{B,μ1} − (μ1² − μ2²)/μ1² · s^u_{B,0}/τ0].
    /// </summary>
    private static double SinglePhotonLowerOneDecoy(
        in Intensities intensities, in BasisStatistics basis, double dn, double tau0, double tau1, double vacuumUpper)
    {
        double mu1 = intensities.Signal;
        double mu2 = intensities.Decoy;
        double nDecoyMinus = Scaled(mu2, intensities.DecoyProbability, basis.DecoyDetections, -dn);
        double nSignalPlus = Scaled(mu1, intensities.SignalProbability, basis.SignalDetections, dn);
        double ratio = mu2 / mu1;
        double bracket = nDecoyMinus - (ratio * ratio * nSignalPlus) - ((1.0 - (ratio * ratio)) * vacuumUpper / tau0);
        return tau1 * mu1 / (mu2 * (mu1 - mu2)) * bracket;
    }
}
