using System.Text;
using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Slotting;

namespace NodeAgent.Distillation.Tests;

public class SlotListCodeTests
{
    /// <summary>
    /// A hand-worked example: slots 10, 11, 15, 100 with k = 2 have gaps − 1 of 0, 3 and 84: "0"+"00", "0"+"11",
    /// 21 ones + "0" + "00" (84 = 21·4 + 0), LSB-first.
    /// </summary>
    [Fact]
    public void Codes_a_worked_example_bit_for_bit()
    {
        long[] slots = [10, 11, 15, 100];
        ulong[] code = new ulong[SlotListCode.CodedWords(slots, 2)];
        Assert.Equal(1, SlotListCode.Encode(slots, 2, code));
        string expected = "000" + "011" + new string('1', 21) + "0" + "00";
        Assert.Equal(expected, Bits(code, expected.Length));
        Assert.Equal(0UL, code[0] >> expected.Length);

        long[] decoded = new long[4];
        SlotListCode.Decode(code, 2, 10, decoded);
        Assert.Equal(slots, decoded);
    }

    /// <summary>Geometric gaps, as a Bernoulli detection process gives: round trip, and size near the entropy.</summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(1e-3)]
    [InlineData(1e-5)]
    public void Round_trips_geometric_gaps_within_a_few_percent_of_their_entropy(double detectionProbability)
    {
        var random = new Random(7);
        const int Count = 20_000;
        long[] slots = new long[Count];
        slots[0] = 123_456_789;
        for (int i = 1; i < Count; i++)
        {
            // Inverse-CDF draw of a geometric gap ≥ 1.
            long gap = 1 + (long)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - detectionProbability));
            slots[i] = slots[i - 1] + gap;
        }

        int parameter = SlotListCode.ChooseParameter(slots);
        ulong[] code = new ulong[SlotListCode.CodedWords(slots, parameter)];
        SlotListCode.Encode(slots, parameter, code);
        long[] decoded = new long[Count];
        SlotListCode.Decode(code, parameter, slots[0], decoded);
        Assert.Equal(slots, decoded);

        // Entropy of a geometric gap: h(p) / p bits.
        double entropyBits = (Count - 1) * BinaryEntropy.H(detectionProbability) / detectionProbability;
        double codedBits = code.Length * 64.0;
        Assert.InRange(codedBits / entropyBits, 0.98, 1.05); // the sample's own entropy varies a little around h(p)/p
    }

    [Fact]
    public void Handles_edge_cases_empty_single_adjacent_huge_gaps_and_the_top_of_the_range()
    {
        AssertRoundTrip([], 0);
        AssertRoundTrip([42], 0);
        AssertRoundTrip([0, 1, 2, 3, 4], 0);
        AssertRoundTrip([0, 1, 2, 3, 4], 5);

        // A gap far beyond the parameter is escaped: 32 ones and the raw 64-bit value.
        long[] outage = [5, 6, 6 + (1L << 40), (1L << 40) + 8, long.MaxValue - 1, long.MaxValue];
        AssertRoundTrip(outage, 3);

        // With k = 3: gap − 1 = 0 is "0" + "000"; then 2^40 − 1 is escaped: 32 ones and its 64 bits, LSB-first.
        string escaped = "0000" + new string('1', 32) + new string('1', 40) + new string('0', 24);
        Assert.Equal(escaped + new string('0', 128 - escaped.Length), Bits(Encode(outage[..3], 3), 128));
        for (int k = 0; k <= SlotListCode.MaxParameter; k += 7)
        {
            AssertRoundTrip(outage, k);
        }
    }

    public static TheoryData<string, int> Malformed => new()
    {
        { "truncated", 0 },
        { "extra word", 0 },
        { "stray bit after the last gap", 0 },
        { "parameter too large", SlotListCode.MaxParameter + 1 },
        { "negative parameter", -1 },
        { "overflow", 0 },
        { "escape cut short", 0 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_codes_are_InvalidDataException(string what, int parameter)
    {
        long[] slots = [100, 101, 150, 151, 4000];
        ulong[] code = Encode(slots, 2);
        long first = 100;
        int count = slots.Length;
        switch (what)
        {
            case "truncated":
                count = 40; // more gaps than the code holds
                break;
            case "extra word":
                code = [.. code, 0UL];
                break;
            case "stray bit after the last gap":
                code[^1] |= 1UL << 63;
                break;
            case "overflow":
                first = long.MaxValue - 10;
                break;
            case "escape cut short":
                code = [ulong.MaxValue >> 30]; // 34 ones: an escape, then too few bits for its value
                count = 2;
                break;
            default:
                parameter = parameter < 0 ? -1 : parameter;
                break;
        }

        int k = what.Contains("parameter", StringComparison.Ordinal) ? parameter : 2;
        Assert.Throws<InvalidDataException>(() => SlotListCode.Decode(code, k, first, new long[count]));
    }

    [Fact]
    public void Encoding_rejects_slots_that_do_not_ascend()
    {
        Assert.Throws<ArgumentException>(() => SlotListCode.CodedWords([5, 5], 0));
        Assert.Throws<ArgumentException>(() => SlotListCode.CodedWords([5, 4], 0));
        Assert.Throws<ArgumentException>(() => SlotListCode.CodedWords([-1, 4], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotListCode.CodedWords([1, 4], 63));
        Assert.Throws<ArgumentException>(() => SlotListCode.Encode([1, 4, 900], 0, new ulong[1]));
    }

    private static void AssertRoundTrip(long[] slots, int parameter)
    {
        ulong[] code = Encode(slots, parameter);
        long[] decoded = new long[slots.Length];
        SlotListCode.Decode(code, parameter, slots.Length == 0 ? 0 : slots[0], decoded);
        Assert.Equal(slots, decoded);
    }

    private static ulong[] Encode(long[] slots, int parameter)
    {
        ulong[] code = new ulong[SlotListCode.CodedWords(slots, parameter)];
        SlotListCode.Encode(slots, parameter, code);
        return code;
    }

    private static string Bits(ulong[] words, int count)
    {
        var text = new StringBuilder(count);
        for (int i = 0; i < Math.Min(count, words.Length * 64); i++)
        {
            text.Append((char)('0' + ((words[i >> 6] >> (i & 63)) & 1)));
        }

        return text.ToString();
    }
}
