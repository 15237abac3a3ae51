using NodeAgent.Distillation.Estimation;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The public parameters of one blind reconciliation of a frame, which both ends derive from the QBER estimate,
/// the payload size and the options: the mother code, the layout, how many adaptation bits start punctured
/// (the rest shortened), and how many punctured bits Alice reveals per further round.
/// </summary>
/// <remarks>
/// <para>Blind rate adaptation after Martinez-Mateo, Elkouss &amp; Martin, "Blind reconciliation", QIC 12, 791 (2012)
/// and Kiktenko et al., "Symmetric blind information reconciliation for QKD", Phys. Rev. A 95, 052318 (2017):
/// a frame of n bits holds N payload bits and d = p + s adaptation bits. Punctured bits (p) are fresh secret random
/// bits of Alice that Bob knows nothing about; shortened bits (s) are known to both. Round 1 runs at rate
/// (k − s)/(n − p − s); every failed round converts the next <see cref="RevealStep"/> punctured bits into shortened
/// ones by Alice disclosing their values, lowering the rate, until none is left.</para>
/// <para>Leakage (bits of information about the key that went public): the syndrome's m bits, less the p punctured
/// bits (they are uniformly random and independent of the key, so m − p syndrome bits are left to carry key
/// information), plus every punctured bit revealed later (it converts one bit of that randomness into public
/// knowledge). Shortened and padding bits are public constants and carry none. So after r rounds
/// <c>leak = m − p + min(p, (r − 1)·RevealStep)</c> — <see cref="DisclosedAfter"/>. Efficiency
/// f = leak / (N·h(q)).</para>
/// <para>Choice: the highest-rate code whose last round (every adaptation bit shortened, leak m) reaches
/// <see cref="LdpcOptions.FinalEfficiency"/>; then p = m − ⌈StartEfficiency·N·h(q)⌉ clamped to [0, d].</para>
/// </remarks>
public sealed class LdpcPlan
{
    /// <summary>Highest QBER accepted (beyond the reach of the lowest-rate code).</summary>
    public const double MaxQber = 0.11;

    private LdpcPlan(double qber, int codeIndex, LdpcFrameLayout layout, int initialPunctured, int revealStep, LdpcOptions options)
    {
        Qber = qber;
        CodeIndex = codeIndex;
        Code = LdpcCodeFamily.Codes[codeIndex];
        Layout = layout;
        InitialPunctured = initialPunctured;
        RevealStep = revealStep;
        Options = options;
        MaxRounds = Math.Min(options.MaxRounds, 1 + ((initialPunctured + revealStep - 1) / revealStep));
    }

    /// <summary>The QBER estimate the plan was made for.</summary>
    public double Qber { get; }

    /// <summary>Index of the code in <see cref="LdpcCodeFamily.Codes"/>.</summary>
    public int CodeIndex { get; }

    /// <summary>The mother code.</summary>
    public QcLdpcCode Code { get; }

    /// <summary>The frame layout.</summary>
    public LdpcFrameLayout Layout { get; }

    /// <summary>Adaptation bits punctured in round 1: the last p of <see cref="LdpcFrameLayout.AdaptationPositions"/>.</summary>
    public int InitialPunctured { get; }

    /// <summary>Initially shortened adaptation bits, s = d − p (the first s adaptation positions).</summary>
    public int InitialShortened => Layout.AdaptationBits - InitialPunctured;

    /// <summary>Punctured bits revealed per further round.</summary>
    public int RevealStep { get; }

    /// <summary>Rounds until every punctured bit is revealed.</summary>
    public int MaxRounds { get; }

    /// <summary>The options the plan was made with.</summary>
    public LdpcOptions Options { get; }

    /// <summary>Key bits per frame.</summary>
    public int PayloadBits => Layout.PayloadBits;

    /// <summary>Largest payload a frame of this family carries with these options.</summary>
    public static int MaxPayloadBits(LdpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int n = LdpcCodeFamily.BaseColumns * LdpcCodeFamily.LiftingSize;
        return n - AdaptationBits(n, options);
    }

    /// <summary>Leakage after <paramref name="rounds"/> rounds (see remarks).</summary>
    public long DisclosedAfter(int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        return Code.CheckCount - InitialPunctured + RevealedAfter(rounds);
    }

    /// <summary>Punctured bits Alice has revealed once <paramref name="rounds"/> rounds have run.</summary>
    public int RevealedAfter(int rounds) => (int)Math.Min(InitialPunctured, (long)(rounds - 1) * RevealStep);

    /// <summary>Derives the plan for a QBER estimate and a payload size.</summary>
    /// <exception cref="ArgumentException">QBER outside [0, <see cref="MaxQber"/>], payload too large, or bad options.</exception>
    public static LdpcPlan Create(double qber, int payloadBits, LdpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!(qber >= 0 && qber <= MaxQber))
        {
            throw new ArgumentOutOfRangeException(nameof(qber), qber, $"The QBER must lie in [0, {MaxQber}].");
        }

        int maxPayload = MaxPayloadBits(options);
        if (payloadBits <= 0 || payloadBits > maxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadBits), payloadBits, $"A frame carries 1..{maxPayload} key bits.");
        }

        double information = payloadBits * BinaryEntropy.H(qber);
        int codeIndex = LdpcCodeFamily.Codes.Count - 1;
        for (int i = 0; i < LdpcCodeFamily.Codes.Count; i++)
        {
            if (LdpcCodeFamily.Codes[i].CheckCount >= options.FinalEfficiency * information)
            {
                codeIndex = i;
                break;
            }
        }

        QcLdpcCode code = LdpcCodeFamily.Codes[codeIndex];
        int d = AdaptationBits(code.Length, options);
        long startLeak = (long)Math.Ceiling(options.StartEfficiency * information);
        int punctured = (int)Math.Clamp(code.CheckCount - startLeak, 0, d);
        int step = Math.Max(1, (int)Math.Ceiling(options.EfficiencyStep * information));
        if (options.MaxRounds > 1)
        {
            step = Math.Max(step, (punctured + options.MaxRounds - 2) / (options.MaxRounds - 1));
        }

        var layout = new LdpcFrameLayout(code.Length, d, payloadBits, options.PatternSeed ^ (ulong)codeIndex);
        return new LdpcPlan(qber, codeIndex, layout, punctured, step, options);
    }

    private static int AdaptationBits(int length, LdpcOptions options) => (int)(length * options.AdaptationFraction);
}
