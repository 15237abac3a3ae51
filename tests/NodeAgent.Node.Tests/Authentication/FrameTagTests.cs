using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Tests.Authentication;

/// <summary>The Wegman–Carter frame tag against an independent computation, and its sensitivity to every field.</summary>
public class FrameTagTests
{
    public static TheoryData<int> PayloadLengths => [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4099];

    /// <summary>
    /// Schoolbook GF(2)[x] product, bit by bit into 128 bits, then long division by x^64 + x^4 + x^3 + x + 1: written
    /// from the field's definition, sharing nothing with <c>Gf64</c>.
    /// </summary>
    internal static ulong SchoolbookMultiply(ulong a, ulong b)
    {
        UInt128 product = 0;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                product ^= (UInt128)a << i;
            }
        }

        UInt128 modulus = ((UInt128)1 << 64) | 0b1_1011;
        for (int degree = 127; degree >= 64; degree--)
        {
            if (((product >> degree) & 1) != 0)
            {
                product ^= modulus << (degree - 64);
            }
        }

        return (ulong)product;
    }

    [Theory]
    [MemberData(nameof(PayloadLengths))]
    public void Matches_an_explicit_sum_of_powers_over_the_documented_encoding(int payloadBytes)
    {
        var random = new Random(payloadBytes);
        byte[] payload = new byte[payloadBytes];
        random.NextBytes(payload);
        ulong key = (ulong)random.NextInt64() | (1UL << 63);
        ulong s = (ulong)random.Next(), sequence = (ulong)random.Next(), index = (ulong)random.Next();

        // w_1..w_n: s, direction, sequence, pad index, payload words (little-endian, zero-padded), byte length.
        var words = new List<ulong> { s, 1, sequence, index };
        for (int at = 0; at < payloadBytes; at += 8)
        {
            ulong word = 0;
            for (int b = 0; b < 8 && at + b < payloadBytes; b++)
            {
                word |= (ulong)payload[at + b] << (8 * b);
            }

            words.Add(word);
        }

        words.Add((ulong)payloadBytes);
        Assert.Equal(FrameTag.HashedWords(payloadBytes), words.Count);

        // Σ w_j · k^(n − j + 1): the last word times k, the first times k^n.
        ulong expected = 0;
        ulong power = key;
        for (int j = words.Count - 1; j >= 0; j--)
        {
            expected ^= SchoolbookMultiply(words[j], power);
            power = SchoolbookMultiply(power, key);
        }

        Assert.Equal(expected, FrameTag.Hash(key, s, PadDirection.BobToAlice, sequence, index, payload));
        Assert.Equal(expected ^ 0x0123_4567_89AB_CDEF, FrameTag.Compute(key, 0x0123_4567_89AB_CDEF, s, PadDirection.BobToAlice, sequence, index, payload));
    }

    [Fact]
    public void Every_field_changes_the_tag()
    {
        var random = new Random(11);
        byte[] payload = new byte[37];
        random.NextBytes(payload);
        const ulong Key = 0x9E37_79B9_7F4A_7C15;
        ulong tag = FrameTag.Hash(Key, 64, PadDirection.AliceToBob, 5, 70, payload);

        Assert.NotEqual(tag, FrameTag.Hash(Key, 65, PadDirection.AliceToBob, 5, 70, payload));
        Assert.NotEqual(tag, FrameTag.Hash(Key, 64, PadDirection.BobToAlice, 5, 70, payload));
        Assert.NotEqual(tag, FrameTag.Hash(Key, 64, PadDirection.AliceToBob, 6, 70, payload));
        Assert.NotEqual(tag, FrameTag.Hash(Key, 64, PadDirection.AliceToBob, 5, 71, payload));
        Assert.NotEqual(tag, FrameTag.Hash(Key ^ 1, 64, PadDirection.AliceToBob, 5, 70, payload));

        // A trailing zero byte (same words after padding) and a leading zero word are different messages: the length
        // word is multiplied by k, so neither leaves the polynomial unchanged.
        Assert.NotEqual(tag, FrameTag.Hash(Key, 64, PadDirection.AliceToBob, 5, 70, [.. payload, 0]));
        Assert.NotEqual(tag, FrameTag.Hash(Key, 64, PadDirection.AliceToBob, 5, 70, [.. new byte[8], .. payload]));
        for (int bit = 0; bit < payload.Length * 8; bit++)
        {
            payload[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(tag, FrameTag.Hash(Key, 64, PadDirection.AliceToBob, 5, 70, payload));
            payload[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void The_forgery_bound_at_the_frame_limit_is_2_to_the_minus_43()
    {
        // n = 4 header words + ⌈p/8⌉ payload words + 1 length word; p at most the frame limit less 24 header/tag bytes.
        Assert.Equal(5, FrameTag.HashedWords(0));
        Assert.Equal(6, FrameTag.HashedWords(1));
        Assert.Equal(6, FrameTag.HashedWords(8));
        double log2 = Math.Log2(FrameTag.ForgeryBound(PeerConnection.MaxFrameBytes - 24));
        Assert.InRange(log2, -43.0, -42.99);
    }

    [Fact]
    public void Allocates_nothing()
    {
        byte[] payload = new byte[1001];
        FrameTag.Hash(1, 2, PadDirection.AliceToBob, 3, 4, payload);
        long before = GC.GetAllocatedBytesForCurrentThread();
        FrameTag.Hash(1, 2, PadDirection.AliceToBob, 3, 4, payload);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
