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
    /// <summary>Rewrites the 2^k coefficients of f (monomial basis) in the novel basis, in place.</summary>
    public static void FromMonomial(Span<ulong> f, int k) => FromMonomial(f, k, 1);

    /// <summary>Rewrites the 2^k coefficients of f (novel basis) in the monomial basis, in place.</summary>
    public static void ToMonomial(Span<ulong> f, int k) => ToMonomial(f, k, 1);

    // f has 2^k elements of `width` words each.
    private static void FromMonomial(Span<ulong> f, int k, int width)
    {
        if (k <= 1)
        {
            // X_0 = 1 and X_1 = s_0 = z: the bases agree.
            return;
        }

        int h = LargestPowerOfTwoBelow(k);
        int blockWords = width << h;
        TaylorExpand(f, 1 << h, blockWords);
        FromMonomial(f, k - h, blockWords);
        for (int start = 0; start < f.Length; start += blockWords)
        {
            FromMonomial(f.Slice(start, blockWords), h, width);
        }
    }

    private static void ToMonomial(Span<ulong> f, int k, int width)
    {
        if (k <= 1)
        {
            return;
        }

        int h = LargestPowerOfTwoBelow(k);
        int blockWords = width << h;
        for (int start = 0; start < f.Length; start += blockWords)
        {
            ToMonomial(f.Slice(start, blockWords), h, width);
        }

        ToMonomial(f, k - h, blockWords);
        TaylorCollapse(f, 1 << h, blockWords);
    }

    /// <summary>
    /// f = Σ_i g_i·(z^τ + z)^i in place, g_i in block i (f's elements are blockWords/τ words wide).
    /// </summary>
    private static void TaylorExpand(Span<ulong> f, int tau, int blockWords)
    {
        if (f.Length <= blockWords)
        {
            return;
        }

        // Divide by z^(τD) + z^D (D elements = half/τ): quotient coefficient at p ≥ half also adds into p − Δ,
        // Δ = half − half/τ. From the top down, so a coefficient is final before it is used; chunks of at most Δ words
        // do not overlap their own targets.
        int half = f.Length / 2;
        int delta = half - (half / tau);
        for (int top = f.Length; top > half;)
        {
            int low = Math.Max(half, top - delta);
            WordXor.XorInto(f.Slice(low - delta, top - low), f[low..top]);
            top = low;
        }

        TaylorExpand(f[..half], tau, blockWords);
        TaylorExpand(f[half..], tau, blockWords);
    }

    /// <summary>The inverse of <see cref="TaylorExpand"/>: the same steps in reverse order.</summary>
    private static void TaylorCollapse(Span<ulong> f, int tau, int blockWords)
    {
        if (f.Length <= blockWords)
        {
            return;
        }

        int half = f.Length / 2;
        TaylorCollapse(f[..half], tau, blockWords);
        TaylorCollapse(f[half..], tau, blockWords);
        int delta = half - (half / tau);
        for (int low = half; low < f.Length;)
        {
            int top = Math.Min(f.Length, low + delta);
            WordXor.XorInto(f.Slice(low - delta, top - low), f[low..top]);
            low = top;
        }
    }

    private static int LargestPowerOfTwoBelow(int k) => 1 << (31 - BitOperations.LeadingZeroCount((uint)(k - 1)));
}
