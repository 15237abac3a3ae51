using System.Numerics;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Verification;

namespace NodeAgent.Distillation.Tests;

public class PolynomialHashTests
{
    public static TheoryData<int> Lengths => [1, 63, 64, 65, 127, 128, 129, 1000, 10_007];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Matches_an_explicit_sum_of_powers(int bitLength)
    {
        // Independent of Horner: Σ m_i · k^(L−i) + bitLength, each power built by repeated BigInteger-oracle products.
        var random = new Random(bitLength);
        ulong[] words = RandomWords(random, BitVector.WordCount(bitLength));
        ulong key = Gf64Tests.NextUInt64(random);
        int count = words.Length;
        ulong expected = (ulong)bitLength;
        ulong power = key; // k^1, for the last word
        for (int i = count - 1; i >= 0; i--)
        {
            ulong coefficient = words[i];
            if (i == count - 1 && bitLength % 64 != 0)
            {
                coefficient &= (1UL << (bitLength % 64)) - 1;
            }

            expected ^= Gf64Tests.Reference(coefficient, power);
            power = Gf64Tests.Reference(power, key);
        }

        Assert.Equal(expected, PolynomialHash.Compute(words, bitLength, key));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Equal_messages_agree_and_any_single_flipped_bit_changes_the_tag(int bitLength)
    {
        int seed = 500 + bitLength;
        var random = new Random(seed);
        ulong[] words = RandomWords(random, BitVector.WordCount(bitLength));
        ulong[] copy = (ulong[])words.Clone();
        for (int trial = 0; trial < 200; trial++)
        {
            ulong key = Gf64Tests.NextUInt64(random);
            ulong tag = PolynomialHash.Compute(words, bitLength, key);
            Assert.Equal(tag, PolynomialHash.Compute(copy, bitLength, key));

            int bit = random.Next(bitLength);
            copy[bit >> 6] ^= 1UL << (bit & 63);
            Assert.True(tag != PolynomialHash.Compute(copy, bitLength, key), $"seed {seed}, trial {trial}, bit {bit}");
            copy[bit >> 6] ^= 1UL << (bit & 63);
        }
    }

    [Fact]
    public void Bits_past_the_length_do_not_affect_the_tag()
    {
        var random = new Random(3);
        for (int bitLength = 1; bitLength < 200; bitLength += 7)
        {
            ulong[] words = RandomWords(random, BitVector.WordCount(bitLength) + 1);
            ulong key = Gf64Tests.NextUInt64(random);
            ulong tag = PolynomialHash.Compute(words, bitLength, key);
            if (bitLength % 64 != 0)
            {
                words[bitLength >> 6] ^= ~0UL << (bitLength & 63);
            }

            words[^1] = ~words[^1];
            Assert.Equal(tag, PolynomialHash.Compute(words, bitLength, key));
        }
    }

    [Fact]
    public void The_length_coefficient_separates_zero_padded_messages()
    {
        ulong[] zeros = new ulong[2];
        var random = new Random(4);
        for (int i = 0; i < 50; i++)
        {
            ulong key = Gf64Tests.NextUInt64(random);
            Assert.NotEqual(PolynomialHash.Compute(zeros, 64, key), PolynomialHash.Compute(zeros, 63, key));
            Assert.NotEqual(PolynomialHash.Compute(zeros, 64, key), PolynomialHash.Compute(zeros, 128, key));
        }

        Assert.Equal(0UL, PolynomialHash.Compute([], 0, 12345));
    }

    [Fact]
    public void Multi_key_tags_are_one_single_key_tag_per_key()
    {
        ulong[] message = [1, 2, 3];
        ulong[] keys = [11, 22, 33];
        var tags = new ulong[3];
        PolynomialHash.Compute(message, 150, keys, tags);
        Assert.Equal(keys.Select(k => PolynomialHash.Compute(message, 150, k)), tags);
        Assert.Throws<ArgumentException>(() => PolynomialHash.Compute(message, 150, keys, new ulong[2]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1_000_000)]
    [InlineData(100_000_000)]
    public void TagWords_is_the_smallest_t_meeting_the_bound(int bitLength)
    {
        // For ε = 2^−e, ((L+1)/2^64)^t ≤ ε  ⇔  (L+1)^t ≤ 2^(64t − e): checked exactly in integers.
        BigInteger words = BitVector.WordCount(bitLength) + 1;
        foreach (int e in new[] { 1, 10, 32, 50, 63, 64, 100, 128, 200, 500 })
        {
            int t = 1;
            while (BigInteger.Pow(words, t) > BigInteger.One << Math.Max(0, (64 * t) - e) || (64 * t) - e < 0)
            {
                t++;
            }

            Assert.True(t == PolynomialHash.TagWords(bitLength, Math.Pow(2, -e)), $"bitLength {bitLength}, ε = 2^-{e}");
        }
    }

    [Fact]
    public void TagWords_known_figures()
    {
        // 10^6 bits: L = 15 625, (L+1)/2^64 = 8.47e−16, so one word meets 1e−15 but 1e−20 needs two.
        Assert.Equal(1, PolynomialHash.TagWords(1_000_000, 1e-15));
        Assert.Equal(2, PolynomialHash.TagWords(1_000_000, 1e-20));
        // One word: L = 1, 2/2^64 = 2^−63. Exactly 2^−63 is met; anything smaller needs a second word.
        Assert.Equal(1, PolynomialHash.TagWords(64, Math.Pow(2, -63)));
        Assert.Equal(2, PolynomialHash.TagWords(64, Math.Pow(2, -63) * 0.999));
        // 2^−126 = (2^−63)^2 exactly: two words.
        Assert.Equal(2, PolynomialHash.TagWords(64, Math.Pow(2, -126)));
        Assert.Equal(3, PolynomialHash.TagWords(64, Math.Pow(2, -127)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialHash.Compute([], -1, 0));
        Assert.Throws<ArgumentException>(() => PolynomialHash.Compute(new ulong[1], 65, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialHash.TagWords(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialHash.TagWords(10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialHash.TagWords(10, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialHash.TagWords(-1, 0.5));
    }

    private static ulong[] RandomWords(Random random, int count)
    {
        ulong[] words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = Gf64Tests.NextUInt64(random);
        }

        return words;
    }
}
