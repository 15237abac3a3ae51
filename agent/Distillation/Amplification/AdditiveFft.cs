namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// The additive FFT of Lin, Chung &amp; Han (FOCS 2014) over GF(2^64) on the Cantor basis: a polynomial of 2^k
/// coefficients in the novel basis (<see cref="NovelBasis"/>) ↦ its values at the 2^k points ω(j) of
/// span(β_0 … β_(k−1)) (<see cref="CantorBasis"/>), in place, and back.
/// </summary>
/// <remarks>
/// Step (ibid., Algorithm 2): write D = D0 + s_(k−1)·D1 with D0, D1 the halves. On the coset β + W_(k−1), s_(k−1) is the
/// constant λ = s_(k−1)(β), and one more on β + β_(k−1) + W_(k−1), so
/// <code>
///   low  ← low ⊕ λ·high     (D on β + W_(k−1))
///   high ← high ⊕ low       (D on β + β_(k−1) + W_(k−1))
/// </code>
/// then both halves recursively. For the r-th block of a level, β = Σ_t r_t·β_(k+t), and with the Cantor basis
/// λ = s_(k−1)(β) = Σ_t r_t·β_(t+1) = ω(2r): one twiddle table serves every level. N/2 multiplies and N XORs per level.
/// The recursion is depth first so that the lower levels run in cache; the inverse undoes the steps in reverse order.
/// Twiddles and the order of work depend only on sizes, never on data. Stateless and thread-safe.
/// </remarks>
internal static class AdditiveFft
{
    // Blocks of at most this many words finish all their levels in a loop (8 KiB, in L1) instead of recursing.
    private const int LeafWords = 1024;

    /// <summary>
    /// Evaluates in place; d.Length = 2^k ≤ 2^31. Words from <paramref name="filled"/> on must be zero (zero padding
    /// lets the top levels copy instead of multiply).
    /// </summary>
    public static void Forward<TKernel>(Span<ulong> d, int filled, Span<ulong> table)
        where TKernel : struct, IGf64Kernel =>
        Forward<TKernel>(d, 0, Math.Min(filled, d.Length), table);

    /// <summary>Interpolates in place: the inverse of <see cref="Forward{TKernel}(Span{ulong}, int, Span{ulong})"/>.</summary>
    public static void Inverse<TKernel>(Span<ulong> d, Span<ulong> table)
        where TKernel : struct, IGf64Kernel =>
        Inverse<TKernel>(d, 0, table);

    private static void Forward<TKernel>(Span<ulong> d, uint block, int filled, Span<ulong> table)
        where TKernel : struct, IGf64Kernel
    {
        int n = d.Length;
        if (n <= LeafWords)
        {
            // The three lowest levels fused (their blocks are too short to loop over one by one).
            int lowest = n >= 8 ? 8 : 1;
            for (int half = n / 2; half >= lowest; half /= 2)
            {
                TKernel.ForwardLevel(d, half, block * (uint)(n / (2 * half)), table);
            }

            if (n >= 8)
            {
                TKernel.ForwardBottom(d, block * (uint)(n / 8), table);
            }

            return;
        }

        int h = n / 2;
        if (filled <= h)
        {
            // The high half is zero: low ⊕ λ·0 = low, and high ← low.
            d[..filled].CopyTo(d[h..]);
        }
        else
        {
            TKernel.ForwardLevel(d, h, block, table);
        }

        int childFilled = Math.Min(filled, h);
        Forward<TKernel>(d[..h], 2 * block, childFilled, table);
        Forward<TKernel>(d[h..], (2 * block) + 1, childFilled, table);
    }

    private static void Inverse<TKernel>(Span<ulong> d, uint block, Span<ulong> table)
        where TKernel : struct, IGf64Kernel
    {
        int n = d.Length;
        if (n <= LeafWords)
        {
            int lowest = 1;
            if (n >= 8)
            {
                TKernel.InverseBottom(d, block * (uint)(n / 8), table);
                lowest = 8;
            }

            for (int half = lowest; half < n; half *= 2)
            {
                TKernel.InverseLevel(d, half, block * (uint)(n / (2 * half)), table);
            }

            return;
        }

        int h = n / 2;
        Inverse<TKernel>(d[..h], 2 * block, table);
        Inverse<TKernel>(d[h..], (2 * block) + 1, table);
        TKernel.InverseLevel(d, h, block, table);
    }
}
