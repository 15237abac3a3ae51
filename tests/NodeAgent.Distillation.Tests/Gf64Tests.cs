using System.Numerics;
using System.Runtime.Intrinsics.X86;
using NodeAgent.Distillation.Verification;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;

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

    /// <summary>
    /// Operands where a reduction slip would show: zero, one, the modulus tail, single bits (every position), the top
    /// bits that spill past x^63 twice, and dense patterns.
    /// </summary>
    public static ulong[] EdgeOperands()
    {
        var edges = new List<ulong>
        {
            0, 1, 2, 3, 0x1B, 0x1A, ulong.MaxValue, ulong.MaxValue - 1, ulong.MaxValue >> 1, 1UL << 63, (1UL << 63) | 1,
            0xF000_0000_0000_0000, 0xE000_0000_0000_0000, 0xF800_0000_0000_001B, 0xAAAA_AAAA_AAAA_AAAA,
            0x5555_5555_5555_5555, 0x8000_0000_0000_001B, 0x0FFF_FFFF_FFFF_FFFF,
        };
        for (int i = 0; i < 64; i++)
        {
            edges.Add(1UL << i);
            edges.Add(~(1UL << i));
        }

        return [.. edges.Distinct()];
    }

    [Fact]
    public void Hardware_tier_matches_the_scalar_tier_on_edge_inputs()
    {
        Assert.SkipUnless(Gf64.IsHardwareAccelerated, "No PCLMULQDQ or PMULL on this CPU (or DOTNET_EnableHWIntrinsic=0).");
        ulong[] edges = EdgeOperands();
        foreach (ulong a in edges)
        {
            foreach (ulong b in edges)
            {
                Assert.True(Gf64.MultiplyScalar(a, b) == Gf64.MultiplyClmul(a, b), $"a = 0x{a:X16}, b = 0x{b:X16}");
            }
        }
    }

    [Fact]
    public void Hardware_tier_matches_the_scalar_tier_on_random_inputs()
    {
        Assert.SkipUnless(Gf64.IsHardwareAccelerated, "No PCLMULQDQ or PMULL on this CPU (or DOTNET_EnableHWIntrinsic=0).");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int i = 0; i < 100_000; i++)
        {
            // Every fourth operand sparse (few bits set), so short products and long carries both occur.
            ulong a = NextUInt64(random);
            ulong b = (i & 3) == 0 ? NextUInt64(random) & NextUInt64(random) & NextUInt64(random) : NextUInt64(random);
            Assert.True(Gf64.MultiplyScalar(a, b) == Gf64.MultiplyClmul(a, b), $"seed {seed}, a = 0x{a:X16}, b = 0x{b:X16}");
        }
    }

    [Fact]
    public void Scalar_tier_matches_the_BigInteger_oracle_on_edge_inputs()
    {
        // The oracle of the hardware tier, itself checked against the independent one (whichever tier Multiply runs).
        ulong[] edges = EdgeOperands();
        for (int i = 0; i < edges.Length; i++)
        {
            for (int j = i; j < edges.Length; j += 7)
            {
                Assert.True(Reference(edges[i], edges[j]) == Gf64.MultiplyScalar(edges[i], edges[j]), $"a = 0x{edges[i]:X16}, b = 0x{edges[j]:X16}");
            }
        }
    }

    [Fact]
    public void Dispatch_follows_DOTNET_EnableHWIntrinsic()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            // Proves the scalar-only CI pass really ran the scalar multiply.
            Assert.False(Gf64.IsHardwareAccelerated);
        }
        else
        {
            Assert.Equal(Pclmulqdq.IsSupported || ArmAes.IsSupported, Gf64.IsHardwareAccelerated);
        }
    }

    internal static ulong NextUInt64(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
}
