namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Parameters of blind LDPC reconciliation. Both ends must use equal options (they fix the code, the public
/// puncturing pattern and the reveal schedule). Immutable.
/// </summary>
public sealed record LdpcOptions
{
    /// <summary>Default options.</summary>
    public static LdpcOptions Default { get; } = new();

    /// <summary>Fraction δ of a frame set aside for puncturing or shortening (d = δ·n positions).</summary>
    public double AdaptationFraction { get; init; } = 0.10;

    /// <summary>Efficiency of the first round, leakage / (payload·h(q)); the initial puncturing is chosen to hit it.</summary>
    public double StartEfficiency { get; init; } = 1.20;

    /// <summary>Efficiency added by each further round (Alice reveals that many punctured bits).</summary>
    public double EfficiencyStep { get; init; } = 0.03;

    /// <summary>The code is the highest-rate one whose last round (all d positions shortened) reaches this efficiency.</summary>
    public double FinalEfficiency { get; init; } = 1.45;

    /// <summary>Upper bound on rounds (the reveal step grows if the schedule would need more).</summary>
    public int MaxRounds { get; init; } = 16;

    /// <summary>Iterations of the last round (every punctured bit revealed).</summary>
    public int MaxIterations { get; init; } = 60;

    /// <summary>
    /// Iterations of every earlier round. Rounds after the first resume the decoder where the failed one stopped
    /// (<see cref="LdpcDecoder.Resume"/>), so a short budget per round loses little and bounds the cost of failures.
    /// </summary>
    public int RetryIterations { get; init; } = 15;

    /// <summary>Check rule of the decoder.</summary>
    public CheckNodeRule CheckRule { get; init; } = CheckNodeRule.NormalizedMinSum;

    /// <summary>
    /// Magnitude of a channel LLR for <see cref="CheckNodeRule.NormalizedMinSum"/> (integer, 1..126), or 0 for
    /// <see cref="MinSumMagnitude"/> of the QBER (the default). Min-sum itself is scale-free, but with 8-bit
    /// saturation the magnitude sets the headroom: measured, 16 suits QBER 2–3 % and 4–6 suits 7–8 %.
    /// Box-plus uses <see cref="LdpcDecoder.ChannelMagnitude"/> of the QBER.
    /// </summary>
    public int ChannelMagnitude { get; init; }

    /// <summary>The default min-sum channel magnitude for <paramref name="qber"/>: round(0.36/q) clamped to 4..16.</summary>
    public static int MinSumMagnitude(double qber) =>
        qber > 0 ? (int)Math.Clamp(Math.Round(0.36 / qber, MidpointRounding.AwayFromZero), 4, 16) : 16;

    /// <summary>Check-node scale α = 1 − 2^−shift of the normalised min-sum.</summary>
    public int NormalizationShift { get; init; } = 2;

    /// <summary>Public seed of the puncturing/shortening pattern.</summary>
    public ulong PatternSeed { get; init; } = 0x4C445043_00000001UL;

    /// <summary>Throws <see cref="ArgumentException"/> if a value is out of range.</summary>
    public void Validate()
    {
        if (!(AdaptationFraction >= 0 && AdaptationFraction <= 0.3))
        {
            throw new ArgumentException($"AdaptationFraction must lie in [0, 0.3], not {AdaptationFraction}.");
        }

        if (!(StartEfficiency > 0 && EfficiencyStep > 0 && FinalEfficiency >= StartEfficiency && FinalEfficiency < 3))
        {
            throw new ArgumentException("Efficiencies must satisfy 0 < StartEfficiency <= FinalEfficiency < 3 and EfficiencyStep > 0.");
        }

        if (MaxRounds < 1 || MaxIterations < 1 || RetryIterations < 1 || ChannelMagnitude < 0 || ChannelMagnitude > 126
            || NormalizationShift < 1 || NormalizationShift > 6)
        {
            throw new ArgumentException("MaxRounds, MaxIterations >= 1; ChannelMagnitude in 0..126; NormalizationShift in 1..6.");
        }
    }
}
