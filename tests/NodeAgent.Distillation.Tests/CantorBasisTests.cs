using NodeAgent.Distillation.Amplification;

namespace NodeAgent.Distillation.Tests;

/// <summary>The Cantor basis of GF(2^64) behind the additive FFT, against the BigInteger field oracle.</summary>
public class CantorBasisTests
{
    [Fact]
    public void Beta_0_is_one_and_each_beta_solves_z_squared_plus_z_equals_the_previous()
    {
        ReadOnlySpan<ulong> beta = CantorBasis.Beta;
        Assert.Equal(CantorBasis.Count, beta.Length);
        Assert.Equal(1UL, beta[0]);
        for (int i = 1; i < beta.Length; i++)
        {
            Assert.True((Gf64Tests.Reference(beta[i], beta[i]) ^ beta[i] ^ beta[i - 1]) == 0, $"β_{i}² + β_{i} ≠ β_{i - 1}");
        }
    }

    [Fact]
    public void The_basis_is_linearly_independent()
    {
        // Gaussian elimination over GF(2): each β must add a new leading bit.
        Span<ulong> pivots = stackalloc ulong[64];
        foreach (ulong b in CantorBasis.Beta)
        {
            ulong v = b;
            for (int bit = 63; bit >= 0 && v != 0; bit--)
            {
                if (((v >> bit) & 1) == 0)
                {
                    continue;
                }

                if (pivots[bit] == 0)
                {
                    pivots[bit] = v;
                    v = 0;
                    break;
                }

                v ^= pivots[bit];
            }

            Assert.True(v == 0, "β is in the span of the earlier ones");
        }

        int rank = 0;
        foreach (ulong p in pivots)
        {
            rank += p != 0 ? 1 : 0;
        }

        Assert.Equal(CantorBasis.Count, rank);
    }

    [Fact]
    public void Omega_is_the_sum_of_the_betas_of_its_index_bits()
    {
        var random = new Random(41);
        foreach (uint j in new uint[] { 0, 1, 2, 3, 255, 256, 0xFFFF, 0x1_0000, uint.MaxValue, 1u << 31 }.Concat(
            Enumerable.Range(0, 1000).Select(_ => (uint)random.NextInt64(0, 1L << 32))))
        {
            ulong expected = 0;
            for (int t = 0; t < 32; t++)
            {
                expected ^= ((j >> t) & 1) != 0 ? CantorBasis.Beta[t] : 0;
            }

            Assert.Equal(expected, CantorBasis.Omega(j));
        }
    }

    [Fact]
    public void Subspace_polynomials_vanish_on_their_subspace_and_shift_the_basis()
    {
        // s_i = i-fold composition of z² + z: zero on span(β_0..β_(i−1)), and s_i(β_(i+t)) = β_t (the twiddle identity).
        for (int i = 0; i <= 10; i++)
        {
            for (uint j = 0; j < (1u << i); j++)
            {
                Assert.Equal(0UL, SubspacePolynomial(i, CantorBasis.Omega(j)));
            }
        }

        for (int i = 0; i < CantorBasis.Count; i++)
        {
            for (int t = 0; i + t < CantorBasis.Count; t++)
            {
                Assert.Equal(CantorBasis.Beta[t], SubspacePolynomial(i, CantorBasis.Beta[i + t]));
            }
        }
    }

    /// <summary>s_i(x) by i squarings-plus-x with the BigInteger oracle.</summary>
    internal static ulong SubspacePolynomial(int i, ulong x)
    {
        for (int step = 0; step < i; step++)
        {
            x = Gf64Tests.Reference(x, x) ^ x;
        }

        return x;
    }
}
