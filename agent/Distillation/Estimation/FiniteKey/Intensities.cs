using System.Globalization;

namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// The mean photon numbers Alice prepares (μ1 = <see cref="Signal"/>, μ2 = <see cref="Decoy"/>,
/// μ3 = <see cref="Vacuum"/>) and the probabilities p_μ1, p_μ2, p_μ3 with which she picks them.
/// </summary>
/// <remarks>
/// <see cref="DecoyMethod.OneDecoy"/> uses only μ1 and μ2: <see cref="VacuumProbability"/> must be 0 and the
/// <see cref="Vacuum"/> intensity is ignored. Immutable and thread-safe.
/// </remarks>
/// <param name="Signal">μ1, the signal mean photon number.</param>
/// <param name="Decoy">μ2, the decoy mean photon number.</param>
/// <param name="Vacuum">μ3, the weakest ("vacuum") mean photon number, often 0 or close to it.</param>
/// <param name="SignalProbability">p_μ1.</param>
/// <param name="DecoyProbability">p_μ2.</param>
/// <param name="VacuumProbability">p_μ3 (0 for the one-decoy method).</param>
public readonly record struct Intensities(
    double Signal,
    double Decoy,
    double Vacuum,
    double SignalProbability,
    double DecoyProbability,
    double VacuumProbability)
{
    /// <summary>How far the probabilities may sum away from 1 (rounding of configured values).</summary>
    public const double ProbabilitySumTolerance = 1e-9;

    /// <summary>
    /// τ_n = Σ_k p_k e^(−k) k^n / n!, the probability that Alice sends an n-photon state (Lim 2014, below eq. (2)).
    /// </summary>
    public double PhotonNumberProbability(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return (SignalProbability * Poisson(Signal, n))
            + (DecoyProbability * Poisson(Decoy, n))
            + (VacuumProbability * Poisson(Vacuum, n));
    }

    /// <summary>
    /// Checks the constraints the chosen method's bounds are derived under; returns null when they hold, otherwise a
    /// message naming the offending value.
    /// </summary>
    /// <remarks>
    /// Two-decoy (Lim 2014, Sec. II): μ1 &gt; μ2 + μ3 and μ2 &gt; μ3 ≥ 0, every probability in (0, 1), sum 1.
    /// One-decoy (Rusca 2018): μ1 &gt; μ2 &gt; 0, p_μ1, p_μ2 in (0, 1) summing to 1, p_μ3 = 0.
    /// </remarks>
    public string? Validate(DecoyMethod method)
    {
        if (!double.IsFinite(Signal) || !double.IsFinite(Decoy) || !double.IsFinite(Vacuum)
            || !double.IsFinite(SignalProbability) || !double.IsFinite(DecoyProbability) || !double.IsFinite(VacuumProbability))
        {
            return "Intensities: every intensity and probability must be a finite number.";
        }

        switch (method)
        {
            case DecoyMethod.TwoDecoy:
                if (!(Vacuum >= 0.0))
                {
                    return Format("Intensities.Vacuum (μ3) must be ≥ 0; got {0}.", Vacuum);
                }

                if (!(Decoy > Vacuum))
                {
                    return Format("Intensities.Decoy (μ2 = {0}) must exceed Intensities.Vacuum (μ3 = {1}).", Decoy, Vacuum);
                }

                if (!(Signal > Decoy + Vacuum))
                {
                    return Format("Intensities.Signal (μ1 = {0}) must exceed Decoy + Vacuum (μ2 + μ3 = {1}).", Signal, Decoy + Vacuum);
                }

                return CheckProbability(nameof(SignalProbability), SignalProbability)
                    ?? CheckProbability(nameof(DecoyProbability), DecoyProbability)
                    ?? CheckProbability(nameof(VacuumProbability), VacuumProbability)
                    ?? CheckSum(SignalProbability + DecoyProbability + VacuumProbability);

            case DecoyMethod.OneDecoy:
                if (!(Decoy > 0.0))
                {
                    return Format("Intensities.Decoy (μ2) must be > 0 for the one-decoy method; got {0}.", Decoy);
                }

                if (!(Signal > Decoy))
                {
                    return Format("Intensities.Signal (μ1 = {0}) must exceed Intensities.Decoy (μ2 = {1}).", Signal, Decoy);
                }

                if (VacuumProbability != 0.0)
                {
                    return Format("Intensities.VacuumProbability must be 0 for the one-decoy method; got {0}.", VacuumProbability);
                }

                return CheckProbability(nameof(SignalProbability), SignalProbability)
                    ?? CheckProbability(nameof(DecoyProbability), DecoyProbability)
                    ?? CheckSum(SignalProbability + DecoyProbability);

            default:
                return Format("Unknown decoy method {0}.", (int)method);
        }
    }

    private static double Poisson(double mean, int n)
    {
        // e^(−μ) μ^n / n!, built up term by term: n is small (0, 1, 2) wherever the bounds use it.
        double term = Math.Exp(-mean);
        for (int i = 1; i <= n; i++)
        {
            term *= mean / i;
        }

        return term;
    }

    private static string? CheckProbability(string name, double p) =>
        p > 0.0 && p < 1.0 ? null : Format("Intensities.{0} must lie in (0, 1); got {1}.", name, p);

    private static string? CheckSum(double sum) =>
        Math.Abs(sum - 1.0) <= ProbabilitySumTolerance
            ? null
            : Format("Intensities: the intensity probabilities must sum to 1; they sum to {0}.", sum);

    private static string Format(string format, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
