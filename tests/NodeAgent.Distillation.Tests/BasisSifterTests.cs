using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Sifting;

namespace NodeAgent.Distillation.Tests;

public class BasisSifterTests
{
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 1000, 4099];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void PackBits_matches_a_bit_by_bit_packing_and_zeroes_the_tail(int length)
    {
        var random = new Random(length);
        byte[] bits = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bits[i] = (byte)random.Next(2);
        }

        int words = BitVector.WordCount(length);
        ulong[] packed = Enumerable.Repeat(ulong.MaxValue, words + 1).ToArray();
        BasisSifter.PackBits(bits, packed);

        var expected = new ulong[words];
        for (int i = 0; i < length; i++)
        {
            expected[i / 64] |= (ulong)bits[i] << (i % 64);
        }

        Assert.Equal(expected, packed.Take(words));
        Assert.Equal(ulong.MaxValue, packed[words]); // nothing written past the needed words
    }

    [Fact]
    public void PackBits_rejects_values_other_than_0_and_1_and_short_destinations()
    {
        byte[] bits = new byte[70];
        bits[3] = 2;
        Assert.Throws<ArgumentException>(() => BasisSifter.PackBits(bits, new ulong[2]));
        bits[3] = 0;
        bits[68] = 0x80;
        Assert.Throws<ArgumentException>(() => BasisSifter.PackBits(bits, new ulong[2]));
        bits[68] = 1;
        Assert.Throws<ArgumentException>(() => BasisSifter.PackBits(bits, new ulong[1]));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sift_keeps_my_bits_where_the_bases_agree_and_ignores_garbage_past_count(int count)
    {
        int seed = 1000 + count;
        var random = new Random(seed);
        int words = BitVector.WordCount(count) + 1;

        // Random words throughout, so the bits past count are garbage.
        ulong[] mine = RandomWords(random, words);
        ulong[] theirs = RandomWords(random, words);
        ulong[] myBits = RandomWords(random, words);

        using var destination = new BitVector();
        destination.Append(1); // appends after existing content
        int appended = BasisSifter.Sift(mine, theirs, myBits, count, destination);

        var expected = new List<int> { 1 };
        for (int i = 0; i < count; i++)
        {
            if (Bit(mine, i) == Bit(theirs, i))
            {
                expected.Add(Bit(myBits, i));
            }
        }

        Assert.True(expected.Count - 1 == appended, $"seed {seed}");
        Assert.Equal(expected, Enumerable.Range(0, destination.Length).Select(destination.Get));
        if ((destination.Length & 63) != 0)
        {
            Assert.Equal(0UL, destination.Words[^1] >> (destination.Length & 63));
        }
    }

    [Fact]
    public void Sift_with_all_bases_equal_copies_every_bit()
    {
        ulong[] bases = [0x0123456789ABCDEFUL, 0];
        ulong[] bits = [0xFEDCBA9876543210UL, 0x5UL];
        using var destination = new BitVector();
        Assert.Equal(67, BasisSifter.Sift(bases, bases, bits, 67, destination));
        Assert.Equal(0xFEDCBA9876543210UL, destination.Words[0]);
        Assert.Equal(0x5UL, destination.Words[1]);
    }

    [Fact]
    public void Sift_rejects_short_inputs()
    {
        using var destination = new BitVector();
        ulong[] one = new ulong[1];
        ulong[] two = new ulong[2];
        Assert.Throws<ArgumentException>(() => BasisSifter.Sift(one, two, two, 65, destination));
        Assert.Throws<ArgumentException>(() => BasisSifter.Sift(two, one, two, 65, destination));
        Assert.Throws<ArgumentException>(() => BasisSifter.Sift(two, two, one, 65, destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => BasisSifter.Sift(two, two, two, -1, destination));
    }

    private static ulong[] RandomWords(Random random, int count)
    {
        ulong[] words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
        }

        return words;
    }

    private static int Bit(ulong[] words, int i) => (int)((words[i >> 6] >> (i & 63)) & 1);
}
