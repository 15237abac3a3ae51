namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>The two statistical corrections of the decoy-state finite-key bounds.</summary>
public static class FiniteSizeCorrection
{
    /// <summary>
    /// Hoeffding's deviation δ(n, ε) = √(n/2 · ln(1/ε)) (Lim 2014, eq. (A1)): the observed count of one intensity class
    /// lies within δ of its expectation n*_k, given n detections in all, except with probability 2ε (ε per side).
    /// </summary>
    /// <remarks>
    /// Hoeffding, "Probability inequalities for sums of bounded random variables", JASA 58, 13 (1963): for n
    /// independent events, Pr[X − E X ≥ t] ≤ exp(−2t²/n); setting the right side to ε gives t = δ(n, ε).
    /// </remarks>
    public static double HoeffdingDeviation(double n, double epsilon)
    {
        if (!(n >= 0.0) || !(epsilon > 0.0 && epsilon < 1.0))
        {
            return double.NaN;
        }

        return Math.Sqrt(n / 2.0 * Math.Log(1.0 / epsilon));
    }

    /// <summary>
    /// γ(a, b, c, d) = √( (c+d)(1−b)b / (c·d·ln 2) · log2( (c+d)/(c·d·(1−b)·b) · 21²/a² ) ), the random-sampling
    /// correction of the phase error (Lim 2014, eq. (5); derived in eq. (B2) with a = ε_sec/21).
    /// </summary>
    /// <remarks>
    /// a = ε_sec, b = the single-photon error rate observed in the test basis, c and d = the single-photon counts of
    /// the test and key bases. Symmetric in c and d. Returns NaN where the expression is undefined (b ∉ (0, 1),
    /// c or d not positive), so callers must check — the estimator discards such blocks rather than guess.
    /// Rusca 2018 (eq. (A21)) uses the same function with the same constant 21 for the one-decoy method; a smaller
    /// constant would only shrink γ, so 21 is the conservative reading.
    /// </remarks>
    public static double PhaseErrorSamplingCorrection(double a, double b, double c, double d)
    {
        if (!(a > 0.0) || !(b > 0.0 && b < 1.0) || !(c > 0.0) || !(d > 0.0))
        {
            return double.NaN;
        }

        double spread = (c + d) / (c * d); // 1/c + 1/d, without overflow for large counts
        double variance = b * (1.0 - b);
        double logArgument = spread / variance * (21.0 * 21.0 / (a * a));
        double radicand = spread * variance / Math.Log(2.0) * Math.Log2(logArgument);
        return radicand >= 0.0 ? Math.Sqrt(radicand) : double.NaN;
    }
}
