using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Tests;

public class DeterministicRandomTests
{
    [Fact]
    public void SplitMix64_from_seed_0_matches_the_published_outputs()
    {
        // splitmix64.c (Vigna) with x = 0; the first value is the widely quoted 0xE220A8397B1DCDAF.
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, DeterministicRandom.SplitMix64(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, DeterministicRandom.SplitMix64(ref state));
        Assert.Equal(0x06C45D188009454FUL, DeterministicRandom.SplitMix64(ref state));
        Assert.Equal(0xF88BB8A8724C81ECUL, DeterministicRandom.SplitMix64(ref state));
    }

    [Fact]
    public void Xoshiro256StarStar_from_state_1_2_3_4_matches_the_reference_vector()
    {
        // The reference sequence of xoshiro256** 1.0 for s = {1, 2, 3, 4}, as checked by the rand_xoshiro crate
        // (rust-random/rngs) and by C++ ports of Vigna's xoshiro256starstar.c.
        ulong[] expected =
        [
            11520UL, 0UL, 1509978240UL, 1215971899390074240UL, 1216172134540287360UL,
            607988272756665600UL, 16172922978634559625UL, 8476171486693032832UL,
            10595114339597558777UL, 2904607092377533576UL,
        ];
        DeterministicRandom random = DeterministicRandom.FromState(1, 2, 3, 4);
        foreach (ulong value in expected)
        {
            Assert.Equal(value, random.NextUInt64());
        }
    }

    [Fact]
    public void Seeded_generator_matches_known_answers_for_seed_0()
    {
        // Computed with a separate Python transcription of splitmix64.c and xoshiro256starstar.c.
        var random = new DeterministicRandom(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, random.NextUInt64());
        Assert.Equal(0xBF6E1F784956452AUL, random.NextUInt64());
        Assert.Equal(0x1A5F849D4933E6E0UL, random.NextUInt64());
        Assert.Equal(0x6AA594F1262D2D2CUL, random.NextUInt64());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(12345UL)]
    [InlineData(ulong.MaxValue)]
    public void Seeded_generator_matches_a_transcription_of_the_reference_C_code(ulong seed)
    {
        var reference = new ReferenceXoshiro(seed);
        var random = new DeterministicRandom(seed);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(reference.Next(), random.NextUInt64());
        }
    }

    [Fact]
    public void NextInt_with_a_power_of_two_range_takes_the_high_bits_of_one_draw()
    {
        // For range 2^k Lemire's method never rejects (2^64 mod 2^k = 0), so the result is the draw's top k bits.
        var random = new DeterministicRandom(42);
        var twin = new DeterministicRandom(42);
        for (int k = 0; k < 31; k++)
        {
            int value = random.NextInt(1 << k);
            Assert.Equal((int)(twin.NextUInt64() >> (63 - k) >> 1), value);
        }
    }

    [Fact]
    public void NextInt_stays_in_range_and_is_roughly_uniform()
    {
        var random = new DeterministicRandom(7);
        const int Range = 7;
        const int Draws = 70_000;
        var counts = new int[Range];
        for (int i = 0; i < Draws; i++)
        {
            counts[random.NextInt(Range)]++;
        }

        // Chi-square with 6 degrees of freedom: 22.46 is the 0.1 % critical value.
        double expected = Draws / (double)Range;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 22.46, $"chi-square {chiSquare:F2}");
        Assert.Equal(0, random.NextInt(1));
        Assert.InRange(random.NextInt(int.MaxValue), 0, int.MaxValue - 1);
    }

    [Fact]
    public void NextInt_rejects_a_non_positive_range()
    {
        var random = new DeterministicRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(-3));
    }

    [Fact]
    public void NextDouble_and_NextBit_derive_from_one_draw()
    {
        var random = new DeterministicRandom(99);
        var twin = new DeterministicRandom(99);
        for (int i = 0; i < 1000; i++)
        {
            double d = random.NextDouble();
            Assert.InRange(d, 0.0, BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(1.0) - 1));
            Assert.Equal((twin.NextUInt64() >> 11) / 9007199254740992.0, d);
            int bit = random.NextBit();
            Assert.Equal((int)(twin.NextUInt64() >> 63), bit);
        }
    }

    [Fact]
    public void An_all_zero_state_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => DeterministicRandom.FromState(0, 0, 0, 0));
    }

    /// <summary>Line-by-line transcription of splitmix64.c seeding xoshiro256starstar.c.</summary>
    private sealed class ReferenceXoshiro
    {
        private readonly ulong[] _s = new ulong[4];

        public ReferenceXoshiro(ulong seed)
        {
            ulong x = seed;
            for (int i = 0; i < 4; i++)
            {
                ulong z = x += 0x9e3779b97f4a7c15;
                z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
                z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
                _s[i] = z ^ (z >> 31);
            }
        }

        public ulong Next()
        {
            ulong result = Rotl(_s[1] * 5, 7) * 9;
            ulong t = _s[1] << 17;
            _s[2] ^= _s[0];
            _s[3] ^= _s[1];
            _s[1] ^= _s[2];
            _s[0] ^= _s[3];
            _s[2] ^= t;
            _s[3] = Rotl(_s[3], 45);
            return result;
        }

        private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));
    }
}
