using System.Globalization;

namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>Security parameters and acceptance limits of the finite-key estimate.</summary>
/// <remarks>Set once, then share read-only; not thread-safe while being changed.</remarks>
public sealed class FiniteKeyOptions
{
    /// <summary>Which decoy-state analysis to apply.</summary>
    public DecoyMethod Method { get; set; } = DecoyMethod.TwoDecoy;

    /// <summary>
    /// ε_sec: the key is ε_sec-secret (Lim 2014, Sec. III). Split evenly over the 21 (two-decoy) or 19 (one-decoy)
    /// error terms of the proof.
    /// </summary>
    public double EpsilonSecrecy { get; set; } = 1e-9;

    /// <summary>ε_cor: the probability that Alice's and Bob's final keys differ (the error-verification hash).</summary>
    public double EpsilonCorrectness { get; set; } = 1e-15;

    /// <summary>
    /// Blocks whose observed QBER (test basis, and key basis when given) exceeds this are discarded before any bound
    /// is evaluated: a sign of eavesdropping or of a broken link.
    /// </summary>
    public double MaxQber { get; set; } = 0.11;

    /// <summary>Every broken setting, each message naming it; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string>? messages = null;
        Check(ref messages, Enum.IsDefined(Method), string.Create(CultureInfo.InvariantCulture, $"{nameof(Method)} must be {nameof(DecoyMethod.TwoDecoy)} or {nameof(DecoyMethod.OneDecoy)}; got {(int)Method}."));
        Check(ref messages, EpsilonSecrecy > 0.0 && EpsilonSecrecy < 1.0, string.Create(CultureInfo.InvariantCulture, $"{nameof(EpsilonSecrecy)} must lie in (0, 1); got {EpsilonSecrecy}."));
        Check(ref messages, EpsilonCorrectness > 0.0 && EpsilonCorrectness < 1.0, string.Create(CultureInfo.InvariantCulture, $"{nameof(EpsilonCorrectness)} must lie in (0, 1); got {EpsilonCorrectness}."));
        Check(ref messages, MaxQber > 0.0 && MaxQber <= 0.5, string.Create(CultureInfo.InvariantCulture, $"{nameof(MaxQber)} must lie in (0, 0.5]; got {MaxQber}."));
        return messages is null ? [] : messages;
    }

    /// <summary>The first broken setting without allocating when all are valid (the estimator's hot path).</summary>
    internal string? FirstError()
    {
        if (Enum.IsDefined(Method) && EpsilonSecrecy > 0.0 && EpsilonSecrecy < 1.0
            && EpsilonCorrectness > 0.0 && EpsilonCorrectness < 1.0 && MaxQber > 0.0 && MaxQber <= 0.5)
        {
            return null;
        }

        return Validate()[0];
    }

    private static void Check(ref List<string>? messages, bool valid, string message)
    {
        if (!valid)
        {
            (messages ??= []).Add(message);
        }
    }
}
