using NodeAgent.Distillation.Verification;

namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// A Cantor basis β_0 = 1, β_i² + β_i = β_(i−1) of GF(2^64) (the <see cref="Gf64"/> field, modulus
/// x^64 + x^4 + x^3 + x + 1), the evaluation points of <see cref="AdditiveFft"/>.
/// </summary>
/// <remarks>
/// Why this basis (Cantor, "On arithmetical algorithms over finite fields", JCTA 50, 1989; Gao &amp; Mateer, "Additive
/// fast Fourier transforms over finite fields", IEEE T-IT 56, 2010): its subspace polynomials
/// s_i(z) = Π_(a ∈ span(β_0..β_(i−1))) (z − a) are the i-fold composition of z² + z, so they have 0/1 coefficients
/// (s_i = Σ_(j ⊆ i) z^(2^j), by Lucas), s_i(β_i) = 1 (no normalisation), and s_i(β_(i+t)) = β_t. The last fact makes
/// every twiddle of the transform a point ω(2r), see <see cref="Omega"/>. β_i exists for i ≤ 32 (β_(i−1) lies in
/// GF(2^32) and so has trace 0 in GF(2^64)). The basis is public and fixed; it is computed once, by Gaussian
/// elimination over GF(2), with the shift-and-add multiply. Thread-safe (immutable after the type initialiser).
/// </remarks>
internal static class CantorBasis
{
    /// <summary>Number of basis elements provided, β_0 … β_(Count−1): transforms of up to 2^Count points.</summary>
    public const int Count = 32;

    private static readonly ulong[] s_beta = Compute();

    // ω(j) by bytes of j: s_omegaBytes[256·b + v] = ω(v·2^(8b)).
    private static readonly ulong[] s_omegaBytes = ComputeOmegaBytes(s_beta);

    /// <summary>β_0 … β_(Count−1).</summary>
    public static ReadOnlySpan<ulong> Beta => s_beta;

    /// <summary>ω(j) = Σ_(bit t of j set) β_t, the j-th point of the subspace (j &lt; 2^32).</summary>
    public static ulong Omega(uint j) =>
        s_omegaBytes[(int)(j & 0xFF)]
        ^ s_omegaBytes[256 + (int)((j >> 8) & 0xFF)]
        ^ s_omegaBytes[512 + (int)((j >> 16) & 0xFF)]
        ^ s_omegaBytes[768 + (int)(j >> 24)];

    private static ulong[] Compute()
    {
        var beta = new ulong[Count];
        beta[0] = 1;
        for (int i = 1; i < Count; i++)
        {
            beta[i] = SolveArtinSchreier(beta[i - 1]);
        }

        return beta;
    }

    /// <summary>One root x of x² + x = c (the other is x + 1), by elimination on the GF(2)-linear map x ↦ x² + x.</summary>
    private static ulong SolveArtinSchreier(ulong c)
    {
        // An XOR basis of the image: image[p] has leading bit p and is the image of preimage[p].
        Span<ulong> image = stackalloc ulong[64];
        Span<ulong> preimage = stackalloc ulong[64];
        for (int j = 0; j < 64; j++)
        {
            ulong e = 1UL << j;
            ulong v = Gf64.MultiplyScalar(e, e) ^ e;
            ulong from = e;
            for (int p = 63; p >= 0 && v != 0; p--)
            {
                if ((v >> p & 1) == 0)
                {
                    continue;
                }

                if (image[p] == 0)
                {
                    image[p] = v;
                    preimage[p] = from;
                    v = 0;
                    break;
                }

                v ^= image[p];
                from ^= preimage[p];
            }
        }

        ulong rest = c;
        ulong root = 0;
        for (int p = 63; p >= 0; p--)
        {
            if ((rest >> p & 1) != 0 && image[p] != 0)
            {
                rest ^= image[p];
                root ^= preimage[p];
            }
        }

        if (rest != 0)
        {
            throw new InvalidOperationException($"x² + x = {c:X16} has no root in GF(2^64) (trace 1).");
        }

        return root;
    }

    private static ulong[] ComputeOmegaBytes(ulong[] beta)
    {
        var table = new ulong[4 * 256];
        for (int b = 0; b < 4; b++)
        {
            for (int v = 1; v < 256; v++)
            {
                // Add the β of v's lowest set bit to ω of v without it.
                int low = System.Numerics.BitOperations.TrailingZeroCount(v);
                table[(256 * b) + v] = table[(256 * b) + (v & (v - 1))] ^ beta[(8 * b) + low];
            }
        }

        return table;
    }
}
