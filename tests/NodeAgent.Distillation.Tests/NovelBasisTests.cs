using System.Numerics;
using NodeAgent.Distillation.Amplification;

namespace NodeAgent.Distillation.Tests;

/// <summary>
/// Monomial ↔ novel polynomial basis conversion, against X_j = Π_(bit b of j) s_b built as GF(2) polynomials from
/// s_0 = z, s_b = s_(b−1)² + s_(b−1).
/// </summary>
public class NovelBasisTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    public void Novel_coefficients_sum_back_to_the_polynomial(int k)
    {
        BigInteger[] basis = NovelBasisPolynomials(k);
        var random = new Random(100 + k);
        foreach (int filled in new[] { 1 << k, Math.Max(1, (1 << k) / 2), random.Next(1, (1 << k) + 1) })
        {
            ulong[] f = new ulong[1 << k];
            for (int i = 0; i < filled; i++)
            {
                f[i] = Gf64Tests.NextUInt64(random);
            }

            ulong[] novel = (ulong[])f.Clone();
            NovelBasis.FromMonomial(novel, k, filled);

            // Σ_j novel[j]·X_j, coefficient by coefficient (X_j has 0/1 coefficients).
            ulong[] sum = new ulong[1 << k];
            for (int j = 0; j < novel.Length; j++)
            {
                for (int d = 0; d < sum.Length; d++)
                {
                    sum[d] ^= (basis[j] >> d).IsEven ? 0 : novel[j];
                }
            }

            Assert.Equal(f, sum);
            NovelBasis.ToMonomial(novel, k);
            Assert.Equal(f, novel);
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    public void Large_conversions_round_trip(int k)
    {
        // 2^16 words and up take the cache-sliced and strip-wise paths (their values are checked through the FFT in
        // AdditiveFftTests).
        var random = new Random(200 + k);
        ulong[] f = new ulong[1 << k];
        for (int i = 0; i < f.Length; i++)
        {
            f[i] = Gf64Tests.NextUInt64(random);
        }

        ulong[] work = (ulong[])f.Clone();
        NovelBasis.FromMonomial(work, k, f.Length);
        Assert.NotEqual(f, work);
        NovelBasis.ToMonomial(work, k);
        Assert.Equal(f, work);
    }

    /// <summary>X_0 … X_(2^k − 1) as GF(2) polynomials (bit d = coefficient of z^d).</summary>
    internal static BigInteger[] NovelBasisPolynomials(int k)
    {
        var s = new BigInteger[Math.Max(k, 1)];
        s[0] = 2; // z
        for (int b = 1; b < k; b++)
        {
            s[b] = Square(s[b - 1]) ^ s[b - 1];
        }

        var x = new BigInteger[1 << k];
        for (int j = 0; j < x.Length; j++)
        {
            x[j] = BigInteger.One;
            for (int b = 0; b < k; b++)
            {
                if (((j >> b) & 1) != 0)
                {
                    x[j] = CarrylessProduct(x[j], s[b]);
                }
            }
        }

        return x;
    }

    private static BigInteger Square(BigInteger p) => CarrylessProduct(p, p);

    private static BigInteger CarrylessProduct(BigInteger a, BigInteger b)
    {
        BigInteger product = BigInteger.Zero;
        for (int i = 0; !(b >> i).IsZero; i++)
        {
            if (!((b >> i) & BigInteger.One).IsZero)
            {
                product ^= a << i;
            }
        }

        return product;
    }
}
