namespace NodeAgent.Distillation.Estimation;

/// <summary>How many secret bits privacy amplification may extract from a reconciled key.</summary>
public static class SecretKeyLength
{
    /// <summary>
    /// The asymptotic BB84 key length ℓ = ⌊n (1 − h(e_ph)) − leak_EC − s·n⌋ (0 if negative), with the phase error rate
    /// e_ph set equal to the measured bit error rate.
    /// </summary>
    /// <remarks>
    /// Shor &amp; Preskill, "Simple proof of security of the BB84 quantum key distribution protocol", PRL 85, 441
    /// (2000): the rate 1 − h(e_bit) − h(e_ph), where the h(e_bit) term is replaced by the bits actually disclosed by
    /// error correction (<paramref name="leakedBits"/>), and s = <paramref name="safetyFraction"/> is an ad-hoc margin.
    /// With e_ph = e_bit it vanishes near e ≈ 11 %. Above 50 % the entropy is taken at 50 % (no key), because h is
    /// symmetric and a larger error rate must never yield more key. This is a placeholder: the finite-key decoy-state
    /// bound (statistical fluctuation of e_ph, single-photon yield) replaces it in the production pipeline.
    /// </remarks>
    public static long Asymptotic(long n, double qber, long leakedBits, double safetyFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(leakedBits);
        if (!(qber >= 0.0 && qber <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(qber), qber, "The QBER must lie in [0, 1].");
        }

        if (!(safetyFraction >= 0.0 && safetyFraction <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(safetyFraction), safetyFraction, "The safety fraction must lie in [0, 1].");
        }

        double phaseEntropy = BinaryEntropy.H(Math.Min(qber, 0.5));
        double length = Math.Floor((n * (1.0 - phaseEntropy)) - leakedBits - (safetyFraction * n));
        return length <= 0.0 ? 0 : (long)length;
    }
}
