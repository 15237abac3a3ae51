using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Tests;

public class BitVectorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void Append_and_RemoveFirst_match_a_bool_list(int length)
    {
        var random = new Random(length);
        var expected = new List<int>();
        using var vector = new BitVector();
        for (int i = 0; i < length; i++)
        {
            int bit = random.Next(2);
            expected.Add(bit);
            vector.Append(bit);
        }

        int drop = length / 3;
        vector.RemoveFirst(drop);
        expected.RemoveRange(0, drop);
        Assert.Equal(expected.Count, vector.Length);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], vector.Get(i));
        }

        // The unused high bits of the last word stay zero.
        if ((vector.Length & 63) != 0)
        {
            Assert.Equal(0UL, vector.Words[^1] >> (vector.Length & 63));
        }
    }

    [Fact]
    public void Parity_of_every_range_matches_a_naive_count()
    {
        var random = new Random(7);
        using var vector = new BitVector();
        for (int i = 0; i < 200; i++)
        {
            vector.Append(random.Next(2));
        }

        for (int start = 0; start < 200; start += 7)
        {
            for (int count = 0; start + count <= 200; count += 13)
            {
                int naive = 0;
                for (int i = start; i < start + count; i++)
                {
                    naive ^= vector.Get(i);
                }

                Assert.Equal(naive, vector.Parity(start, count));
            }
        }
    }

    [Fact]
    public void AppendBits_at_unaligned_offsets_copies_exactly()
    {
        var random = new Random(11);
        using var source = new BitVector();
        for (int i = 0; i < 300; i++)
        {
            source.Append(random.Next(2));
        }

        using var target = new BitVector();
        target.Append(1);
        target.Append(0);
        target.Append(1);
        target.AppendBits(source.Words, 5, 250);
        Assert.Equal(253, target.Length);
        for (int i = 0; i < 250; i++)
        {
            Assert.Equal(source.Get(5 + i), target.Get(3 + i));
        }
    }

    [Fact]
    public void AppendLowBits_appends_only_the_low_bits()
    {
        using var vector = new BitVector();
        var expected = new List<int>();
        var random = new Random(13);
        for (int round = 0; round < 100; round++)
        {
            int count = random.Next(0, 65);
            ulong bits = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            vector.AppendLowBits(bits, count);
            for (int i = 0; i < count; i++)
            {
                expected.Add((int)((bits >> i) & 1));
            }
        }

        Assert.Equal(expected, Enumerable.Range(0, vector.Length).Select(vector.Get));
        if ((vector.Length & 63) != 0)
        {
            Assert.Equal(0UL, vector.Words[^1] >> (vector.Length & 63));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => vector.AppendLowBits(0, 65));
        Assert.Throws<ArgumentOutOfRangeException>(() => vector.AppendLowBits(0, -1));
    }
}
