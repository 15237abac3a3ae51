using System.Numerics;

namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// Conversion between the monomial basis z^j and the novel polynomial basis X_j(z) = Π_(bit b of j set) s_b(z) of
/// Lin, Chung &amp; Han ("Novel polynomial basis and its application to Reed–Solomon erasure codes", FOCS 2014), for
/// the Cantor basis of <see cref="CantorBasis"/>, whose subspace polynomials s_b have 0/1 coefficients. Both
/// directions are therefore GF(2)-linear maps made of word XORs only, with no field multiply, and the same code converts
/// polynomials over GF(2^64) as well as over GF(2).
/// </summary>
/// <remarks>
/// Recursion (the structure of Lin, Chung &amp; Han's conversion and of Gao &amp; Mateer's Taylor expansion, IEEE T-IT
/// 56, 2010, §III): for 2^k coefficients, let h be the largest power of two below k, τ = 2^h and y = s_h(z) = z^τ + z
/// (two terms because h is a power of two). Then X_(l + τ·i)(z) = X_l(z)·X_i(y), since s_(h+b) = s_b ∘ s_h. So:
/// <list type="number">
/// <item>Taylor-expand f at z^τ + z: f = Σ_i g_i(z)·y^i with deg g_i &lt; τ, g_i stored in block i (τ words);</item>
/// <item>convert the polynomial in y (coefficients = whole blocks) to its novel basis X_i(y): 2^(k−h) "words" of τ
/// words each, the same recursion on wider elements;</item>
/// <item>convert each block g (now one coefficient of X_i(y)) in z to X_l(z).</item>
/// </list>
/// The Taylor expansion divides by (z^τ + z)^D = z^(τD) + z^D, two terms again, so each step is one XOR of a shifted
/// half onto the other: O(N log N) word XORs in all. Nothing depends on the data: the key cannot show in time or
/// addresses. Stateless and thread-safe.
/// </remarks>
internal static class NovelBasis
{
    // Below this shift the XORs run word by word in place (the chunks would be too short to pay for a call).
    private const int MinimumVectorShift = 16;

    // Runs shorter than this are converted a slice of this many words at a time (256 KiB, within L2), so that all
    // their levels run in cache instead of one pass over the whole array per level.
    private const int CacheWords = 1 << 15;

    /// <summary>
    /// Rewrites the 2^k coefficients of f (monomial basis) in the novel basis, in place. Coefficients from
    /// <paramref name="filled"/> on must be zero: the bases are triangular (deg X_j = j), so only the smallest
    /// power-of-two prefix holding them is converted.
    /// </summary>
    public static void FromMonomial(Span<ulong> f, int k, int filled)
    {
        int used = UsedLog2(k, filled);
        FromMonomialEach(f[..(1 << used)], used, 1, default);
    }

    /// <summary>Rewrites the 2^k coefficients of f (novel basis) in the monomial basis, in place.</summary>
    public static void ToMonomial(Span<ulong> f, int k) => ToMonomialEach(f[..(1 << k)], k, 1, default);

    // Each run of 2^k elements of `width` words in f, converted alike. Batching every block of a level into one call
    // keeps the short XORs of the low levels in tight loops instead of millions of calls.
    // With a strip, only words [Offset, Offset + Words) of every BaseWidth-word element are touched (see InStrips).
    private static void FromMonomialEach(Span<ulong> f, int k, int width, Strip strip)
    {
        if (k <= 1)
        {
            // X_0 = 1 and X_1 = s_0 = z: the bases agree.
            return;
        }

        if (f.Length > CacheWords && (width << k) < CacheWords)
        {
            for (int start = 0; start < f.Length; start += CacheWords)
            {
                FromMonomialEach(f.Slice(start, CacheWords), k, width, strip);
            }

            return;
        }

        int h = LargestPowerOfTwoBelow(k);
        int blockWords = width << h;
        TaylorExpandEach(f, width << k, 1 << h, blockWords, strip);
        if (InStrips(f, k - h, blockWords, strip, out int stripWords))
        {
            for (int offset = 0; offset < blockWords; offset += stripWords)
            {
                FromMonomialEach(f, k - h, blockWords, new Strip(blockWords, offset, stripWords));
            }
        }
        else
        {
            FromMonomialEach(f, k - h, blockWords, strip);
        }

        FromMonomialEach(f, h, width, strip);
    }

    private static void ToMonomialEach(Span<ulong> f, int k, int width, Strip strip)
    {
        if (k <= 1)
        {
            return;
        }

        if (f.Length > CacheWords && (width << k) < CacheWords)
        {
            for (int start = 0; start < f.Length; start += CacheWords)
            {
                ToMonomialEach(f.Slice(start, CacheWords), k, width, strip);
            }

            return;
        }

        int h = LargestPowerOfTwoBelow(k);
        int blockWords = width << h;
        ToMonomialEach(f, h, width, strip);
        if (InStrips(f, k - h, blockWords, strip, out int stripWords))
        {
            for (int offset = 0; offset < blockWords; offset += stripWords)
            {
                ToMonomialEach(f, k - h, blockWords, new Strip(blockWords, offset, stripWords));
            }
        }
        else
        {
            ToMonomialEach(f, k - h, blockWords, strip);
        }

        TaylorCollapseEach(f, width << k, 1 << h, blockWords, strip);
    }

    /// <summary>
    /// Each run of <paramref name="unit"/> words: g = Σ_i g_i·(z^τ + z)^i in place, g_i in block i of blockWords words.
    /// </summary>
    private static void TaylorExpandEach(Span<ulong> f, int unit, int tau, int blockWords, Strip strip)
    {
        if (unit <= blockWords)
        {
            return;
        }

        if (unit > CacheWords)
        {
            // Long runs depth first: one step on the whole run, then each half, so that from some depth on a half
            // stays in cache for all its remaining steps (level by level would stream the whole array every step).
            for (int run = 0; run < f.Length; run += unit)
            {
                Span<ulong> g = f.Slice(run, unit);
                DivideStep(g, tau, strip);
                TaylorExpandEach(g, unit / 2, tau, blockWords, strip);
            }

            return;
        }

        // Short runs level by level over all of them (the halves are independent), so each call does real work.
        for (int length = unit; length > blockWords; length /= 2)
        {
            for (int run = 0; run < f.Length; run += length)
            {
                DivideStep(f.Slice(run, length), tau, strip);
            }
        }
    }

    /// <summary>The inverse of <see cref="TaylorExpandEach"/>: the same steps in reverse order.</summary>
    private static void TaylorCollapseEach(Span<ulong> f, int unit, int tau, int blockWords, Strip strip)
    {
        if (unit <= blockWords)
        {
            return;
        }

        if (unit > CacheWords)
        {
            for (int run = 0; run < f.Length; run += unit)
            {
                Span<ulong> g = f.Slice(run, unit);
                TaylorCollapseEach(g, unit / 2, tau, blockWords, strip);
                UndoDivideStep(g, tau, strip);
            }

            return;
        }

        for (int length = 2 * blockWords; length <= unit; length *= 2)
        {
            for (int run = 0; run < f.Length; run += length)
            {
                UndoDivideStep(f.Slice(run, length), tau, strip);
            }
        }
    }

    /// <summary>
    /// g = g_high·(z^(τD) + z^D) + g_low in place (D elements = half/τ): the quotient coefficient at p ≥ half also adds
    /// into p − Δ, Δ = half − half/τ. From the top down, so a coefficient is final before it is used.
    /// </summary>
    private static void DivideStep(Span<ulong> g, int tau, Strip strip)
    {
        int half = g.Length / 2;
        int delta = half - (half / tau);
        if (delta < MinimumVectorShift)
        {
            // Never with a strip: there every shift is a multiple of a (wide) element.
            for (int p = g.Length - 1; p >= half; p--)
            {
                g[p - delta] ^= g[p];
            }

            return;
        }

        // Chunks of at most Δ words do not overlap their own targets.
        for (int top = g.Length; top > half;)
        {
            int low = Math.Max(half, top - delta);
            XorRange(g, low - delta, low, top - low, strip);
            top = low;
        }
    }

    /// <summary>The inverse of <see cref="DivideStep"/>: the same XORs from the bottom up.</summary>
    private static void UndoDivideStep(Span<ulong> g, int tau, Strip strip)
    {
        int half = g.Length / 2;
        int delta = half - (half / tau);
        if (delta < MinimumVectorShift)
        {
            for (int p = half; p < g.Length; p++)
            {
                g[p - delta] ^= g[p];
            }

            return;
        }

        for (int low = half; low < g.Length;)
        {
            int top = Math.Min(g.Length, low + delta);
            XorRange(g, low - delta, low, top - low, strip);
            low = top;
        }
    }

    /// <summary>
    /// Whether to run a conversion of 2^k elements of <paramref name="width"/> words by strips: when the elements are
    /// wide and the array is past the cache, every step XORs whole elements, so it can run on a few words of each
    /// element at a time (a strip across all elements fits in cache) instead of one pass over the array per step.
    /// </summary>
    private static bool InStrips(Span<ulong> f, int k, int width, Strip strip, out int stripWords)
    {
        stripWords = CacheWords >> k;
        return strip.Words == 0 && f.Length > CacheWords && stripWords >= MinimumVectorShift && stripWords < width;
    }

    /// <summary>f[target ..][..length] ^= f[source ..][..length], within the strip if there is one.</summary>
    private static void XorRange(Span<ulong> f, int target, int source, int length, Strip strip)
    {
        if (strip.Words == 0)
        {
            WordXor.XorInto(f.Slice(target, length), f.Slice(source, length));
            return;
        }

        // Ranges are whole elements here (all shifts are multiples of the strip's element width).
        for (int e = strip.Offset; e < length; e += strip.BaseWidth)
        {
            WordXor.XorInto(f.Slice(target + e, strip.Words), f.Slice(source + e, strip.Words));
        }
    }

    /// <summary>Words [Offset, Offset + Words) of every BaseWidth-word element; Words = 0 means all of them.</summary>
    private readonly record struct Strip(int BaseWidth, int Offset, int Words);

    /// <summary>log2 of the smallest power of two ≥ filled, at most k.</summary>
    private static int UsedLog2(int k, int filled)
    {
        int used = 0;
        while (used < k && (1 << used) < filled)
        {
            used++;
        }

        return used;
    }

    private static int LargestPowerOfTwoBelow(int k) => 1 << (31 - BitOperations.LeadingZeroCount((uint)(k - 1)));
}
