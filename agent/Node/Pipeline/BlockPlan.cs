using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Verification;
using NodeAgent.Node.Configuration;

namespace NodeAgent.Node.Pipeline;

/// <summary>The block arithmetic both ends must compute identically from the shared configuration.</summary>
internal static class BlockPlan
{
    /// <summary>Sifted bits disclosed to estimate the QBER.</summary>
    public static int SampleSize(DistillationOptions options) =>
        Math.Max(1, (int)Math.Round(options.BlockBits * options.SampleFraction));

    /// <summary>Number of 64-bit verification tags for a key of <paramref name="keyBits"/>.</summary>
    public static int TagWords(DistillationOptions options, int keyBits) =>
        PolynomialHash.TagWords(keyBits, options.EpsilonCorrect);

    /// <summary>
    /// Length of the final key: the asymptotic bound (Shor–Preskill) less everything disclosed and the safety margin,
    /// rounded down to whole delivered keys.
    /// </summary>
    public static int OutputBits(DistillationOptions options, int keyBits, double qber, long disclosedBits)
    {
        long secret = SecretKeyLength.Asymptotic(keyBits, qber, disclosedBits, options.SafetyFraction);
        long whole = secret / options.KeyBits * options.KeyBits;
        return (int)Math.Min(whole, keyBits);
    }
}
