namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>How <see cref="LdpcDecoder"/> computes check-to-variable messages.</summary>
public enum CheckNodeRule
{
    /// <summary>
    /// Normalised min-sum: sign product times α·(smallest other magnitude), α = 1 − 2^−shift. Scale-free and the
    /// cheapest; the default, because with 8-bit messages it also reconciled better than the box-plus rule
    /// (docs/reconciliation.md).
    /// </summary>
    NormalizedMinSum,

    /// <summary>
    /// Belief propagation's check rule by pairwise box-plus, a ⊞ b = sign(a)sign(b)·[min(|a|,|b|) + c(|a|+|b|) −
    /// c(||a|−|b||)] with c(x) = ln(1 + e^−x) approximated by max(0, 5 − x/4) at 8 LLR steps per nat (max error
    /// about 0.5 step), by forward–backward recursion over the layer. Needs channel LLRs on that scale
    /// (<see cref="LdpcDecoder.ChannelMagnitude"/>); about three times the work of min-sum.
    /// </summary>
    CorrectedBoxPlus,
}
