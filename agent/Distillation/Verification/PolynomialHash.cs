using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Verification;

/// <summary>
/// Polynomial universal hashing over GF(2^64) for verifying that reconciled keys agree (Wegman &amp; Carter, "New hash
/// functions and their use in authentication and set equality", JCSS 22, 265 (1981); the polynomial family as in
/// den Boer, Bierbrauer et al. and GHASH).
/// </summary>
/// <remarks>
/// A message of L = ⌈bitLength/64⌉ words m_0..m_(L−1) (unused tail bits of m_(L−1) masked off) hashes to
///   H_k(m) = m_0·k^L + m_1·k^(L−1) + … + m_(L−1)·k + bitLength,
/// evaluated by Horner's rule. For two distinct messages of at most L words, H_k(m) − H_k(m') is a non-zero polynomial
/// in k of degree at most L (the length coefficient separates messages of different bit length), so it has at most L
/// roots and Pr_k[collision] ≤ L/2^64 ≤ (L+1)/2^64. With t independent keys the bound is ((L+1)/2^64)^t.
/// Stateless and thread-safe.
/// </remarks>
public static class PolynomialHash
{
    /// <summary>The tag H_key(words[0..bitLength)).</summary>
    /// <param name="words">Message, packed LSB-first; needs ⌈bitLength/64⌉ words; bits past bitLength are ignored.</param>
    /// <param name="bitLength">Message length in bits.</param>
    /// <param name="key">Evaluation point, uniformly random and independent of the message.</param>
    public static ulong Compute(ReadOnlySpan<ulong> words, int bitLength, ulong key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitLength);
        int count = BitVector.WordCount(bitLength);
        if (words.Length < count)
        {
            throw new ArgumentException(
                $"A {bitLength}-bit message needs {count} words but the span holds {words.Length}.", nameof(words));
        }

        ulong hash = 0;
        for (int i = 0; i < count; i++)
        {
            ulong coefficient = words[i];
            if (i == count - 1 && (bitLength & 63) != 0)
            {
                coefficient &= (1UL << (bitLength & 63)) - 1;
            }

            hash = Gf64.Multiply(hash ^ coefficient, key);
        }

        return hash ^ (ulong)bitLength;
    }

    /// <summary>Computes one tag word per key (<paramref name="tags"/>[i] = H_keys[i]), for multi-word tags.</summary>
    public static void Compute(ReadOnlySpan<ulong> words, int bitLength, ReadOnlySpan<ulong> keys, Span<ulong> tags)
    {
        if (tags.Length < keys.Length)
        {
            throw new ArgumentException($"{keys.Length} keys need {keys.Length} tag words but the span holds {tags.Length}.", nameof(tags));
        }

        for (int i = 0; i < keys.Length; i++)
        {
            tags[i] = Compute(words, bitLength, keys[i]);
        }
    }

    /// <summary>
    /// The smallest number t ≥ 1 of independently keyed tag words with ((L+1)/2^64)^t ≤ <paramref name="epsilonCor"/>,
    /// L = ⌈bitLength/64⌉: the probability that two different keys pass verification.
    /// </summary>
    public static int TagWords(int bitLength, double epsilonCor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitLength);
        if (!(epsilonCor > 0.0 && epsilonCor < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilonCor), epsilonCor, "epsilonCor must lie in (0, 1).");
        }

        // In log2: t · (log2(L+1) − 64) ≤ log2(ε); both sides negative.
        double perWord = Math.Log2(BitVector.WordCount(bitLength) + 1.0) - 64.0;
        double target = Math.Log2(epsilonCor);
        int t = Math.Max(1, (int)Math.Ceiling(target / perWord));
        while (t > 1 && (t - 1) * perWord <= target)
        {
            t--;
        }

        while (t * perWord > target)
        {
            t++;
        }

        return t;
    }
}
