using System.Numerics;
using NodeAgent.Distillation.Verification;

namespace NodeAgent.Distillation.Tests;

public class Gf64Tests
{
    /// <summary>Independent oracle: schoolbook polynomial product, then long division by x^64+x^4+x^3+x+1.</summary>
    internal static ulong Reference(ulong a, ulong b)
    {
        BigInteger product = BigInteger.Zero;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                product ^= new BigInteger(a) << i;
            }
        }

        BigInteger modulus = (BigInteger.One << 64) | 0b11011;
        for (int degree = 126; degree >= 64; degree--)
        {
            if (!((product >> degree) & BigInteger.One).IsZero)
            {
                product ^= modulus << (degree - 64);
            }
        }

        return (ulong)product;
    }

    [Fact]
    public void Known_products()
    {
        Assert.Equal(0x1BUL, Gf64.Multiply(2, 1UL << 63));          // x · x^63 = x^64 ≡ x^4 + x^3 + x + 1
        Assert.Equal(0x36UL, Gf64.Multiply(4, 1UL << 63));          // x^65 ≡ x^5 + x^4 + x^2 + x
        Assert.Equal(0x0FUL, Gf64.Multiply(3, 5));                  // (x + 1)(x^2 + 1) = x^3 + x^2 + x + 1, no reduction
        Assert.Equal(Reference(1UL << 63, 1UL << 63), Gf64.Multiply(1UL << 63, 1UL << 63));
    }

    [Fact]
    public void Matches_the_BigInteger_oracle_on_random_inputs()
    {
        const int Seed = 64;
        var random = new Random(Seed);
        for (int i = 0; i < 2000; i++)
        {
            ulong a = NextUInt64(random);
            ulong b = NextUInt64(random);
            Assert.True(Reference(a, b) == Gf64.Multiply(a, b), $"seed {Seed}, a = 0x{a:X16}, b = 0x{b:X16}");
        }
    }

    [Fact]
    public void Field_identities_hold()
    {
        var random = new Random(65);
        for (int i = 0; i < 500; i++)
        {
            ulong a = NextUInt64(random);
            ulong b = NextUInt64(random);
            ulong c = NextUInt64(random);
            Assert.Equal(a, Gf64.Multiply(a, 1));
            Assert.Equal(0UL, Gf64.Multiply(a, 0));
            Assert.Equal(Gf64.Multiply(a, b), Gf64.Multiply(b, a));
            Assert.Equal(Gf64.Multiply(a, b ^ c), Gf64.Multiply(a, b) ^ Gf64.Multiply(a, c));
            Assert.Equal(Gf64.Multiply(Gf64.Multiply(a, b), c), Gf64.Multiply(a, Gf64.Multiply(b, c)));
        }
    }

    [Fact]
    public void Frobenius_map_has_order_64_as_in_GF_2_64()
    {
        // In GF(2^64), a^(2^64) = a for every a; 64 squarings must return to the start.
        var random = new Random(66);
        for (int i = 0; i < 20; i++)
        {
            ulong a = NextUInt64(random);
            ulong x = a;
            for (int k = 0; k < 64; k++)
            {
                x = Gf64.Multiply(x, x);
            }

            Assert.Equal(a, x);
        }
    }

    internal static ulong NextUInt64(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
}
