using System.Runtime.Intrinsics.X86;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Sifting;

namespace NodeAgent.Distillation.Tests;

/// <summary>
/// The word-wise sifting kernel (PEXT and portable compress, span and BitVector entries) against
/// <see cref="BasisSifter.SiftReference"/>, the original per-bit loop. CI runs these with default settings and with
/// DOTNET_EnableHWIntrinsic=0 (portable only).
/// </summary>
public class BasisSifterFastTests
{
    private const ulong Sentinel = 0xDEADBEEFCAFEF00DUL;

    /// <summary>
    /// Lengths around one and two words, the BitVector overload's 4096-position chunk, and odd large ones; the
    /// probability that two bases agree: random BB84 (0.5), a biased basis choice (0.9 and 0.1), all and none.
    /// </summary>
    public static TheoryData<int, double> Cases()
    {
        var data = new TheoryData<int, double>();
        foreach (int count in new[] { 0, 1, 2, 31, 63, 64, 65, 100, 127, 128, 129, 191, 1000, 4095, 4096, 4097, 8257, 65_537 })
        {
            foreach (double agree in new[] { 0.5, 0.9, 0.1, 1.0, 0.0 })
            {
                data.Add(count, agree);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_entry_matches_the_reference(int count, double agree)
    {
        int seed = (count * 7) + (int)(agree * 10);
        (ulong[] mine, ulong[] theirs, ulong[] bits) = RandomInputs(seed, count, agree);

        using var expected = new BitVector();
        expected.Append(1); // both BitVector entries append after existing content
        int expectedKept = BasisSifter.SiftReference(mine, theirs, bits, count, expected);
        Assert.True(expected.Length == expectedKept + 1, $"seed {seed}");
        if (agree == 1.0)
        {
            Assert.Equal(count, expectedKept);
        }
        else if (agree == 0.0)
        {
            Assert.Equal(0, expectedKept);
        }

        using var appended = new BitVector();
        appended.Append(1);
        Assert.True(expectedKept == BasisSifter.Sift(mine, theirs, bits, count, appended), $"Sift(BitVector), seed {seed}");
        Assert.True(expected.ContentEquals(appended), $"Sift(BitVector), seed {seed}");

        AssertSpanEntry(expected, expectedKept, count, (output) => BasisSifter.Sift(mine, theirs, bits, count, output), $"Sift(Span), seed {seed}");
        AssertSpanEntry(expected, expectedKept, count, (output) => BasisSifter.SiftPortable(mine, theirs, bits, count, output), $"SiftPortable, seed {seed}");
        if (BasisSifter.UsesPext)
        {
            AssertSpanEntry(expected, expectedKept, count, (output) => BasisSifter.SiftPext(mine, theirs, bits, count, output), $"SiftPext, seed {seed}");
        }
    }

    [Fact]
    public void Portable_and_pext_compress_agree_with_the_reference_on_single_word_patterns()
    {
        // Runs at both ends of the word, single bits, alternating bits, one gap: the run loop's boundary cases.
        ulong[] masks =
        [
            0, ulong.MaxValue, 1, 1UL << 63, 0x8000000000000001UL, 0x5555555555555555UL, 0xAAAAAAAAAAAAAAAAUL,
            ulong.MaxValue - 1, ulong.MaxValue >> 1, 0xFFFFFFFF00000000UL, 0x00000000FFFFFFFFUL, 0xF0F0F0F0F0F0F0F0UL,
            ~(1UL << 17), 0x7FFFFFFFFFFFFFFEUL,
        ];
        ulong[] sources = [0, ulong.MaxValue, 0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL];
        foreach (ulong mask in masks)
        {
            foreach (ulong source in sources)
            {
                // Agreeing positions are ~(mine ^ theirs): with theirs = 0, mine = ~mask.
                ulong[] mine = [~mask];
                ulong[] theirs = [0];
                ulong[] bits = [source];
                using var expected = new BitVector();
                int kept = BasisSifter.SiftReference(mine, theirs, bits, 64, expected);
                string what = $"mask 0x{mask:X16}, source 0x{source:X16}";
                AssertSpanEntry(expected, kept, 64, (output) => BasisSifter.SiftPortable(mine, theirs, bits, 64, output), "portable, " + what, prefix: 0);
                if (BasisSifter.UsesPext)
                {
                    AssertSpanEntry(expected, kept, 64, (output) => BasisSifter.SiftPext(mine, theirs, bits, 64, output), "PEXT, " + what, prefix: 0);
                }
            }
        }
    }

    [Fact]
    public void Span_entry_rejects_short_inputs_and_destinations()
    {
        ulong[] one = new ulong[1];
        ulong[] two = new ulong[2];
        Assert.Throws<ArgumentException>(() => BasisSifter.Sift(one, two, two, 65, two.AsSpan()));
        Assert.Throws<ArgumentException>(() => BasisSifter.Sift(two, one, two, 65, two.AsSpan()));
        Assert.Throws<ArgumentException>(() => BasisSifter.Sift(two, two, one, 65, two.AsSpan()));
        Assert.Throws<ArgumentException>(() => BasisSifter.Sift(two, two, two, 65, one.AsSpan()));
        Assert.Throws<ArgumentOutOfRangeException>(() => BasisSifter.Sift(two, two, two, -1, two.AsSpan()));
        Assert.Throws<ArgumentException>(() => BasisSifter.SiftPortable(two, two, two, 65, one.AsSpan()));
    }

    [Fact]
    public void Span_entry_allocates_nothing()
    {
        const int Count = 1 << 16;
        (ulong[] mine, ulong[] theirs, ulong[] bits) = RandomInputs(3, Count, 0.5);
        ulong[] output = new ulong[BitVector.WordCount(Count)];
        BasisSifter.Sift(mine, theirs, bits, Count, output.AsSpan());
        long before = GC.GetAllocatedBytesForCurrentThread();
        BasisSifter.Sift(mine, theirs, bits, Count, output.AsSpan());
        BasisSifter.SiftPortable(mine, theirs, bits, Count, output.AsSpan());
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Dispatch_follows_DOTNET_EnableHWIntrinsic()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            // Proves the intrinsics-off CI pass really ran the portable compress.
            Assert.False(Bmi2.X64.IsSupported);
            Assert.False(BasisSifter.UsesPext);
            Assert.Throws<PlatformNotSupportedException>(() => BasisSifter.SiftPext([], [], [], 0, Span<ulong>.Empty));
        }
        else
        {
            Assert.Equal(Bmi2.X64.IsSupported, BasisSifter.UsesPext);
        }
    }

    /// <summary>
    /// Runs a span entry on a destination one word longer than needed and full of a sentinel, and checks the kept
    /// count, the bits, the zeroed tail of the last written word, and that later words were left alone.
    /// </summary>
    private static void AssertSpanEntry(BitVector expected, int expectedKept, int count, Func<Span<ulong>, int> run, string what, int prefix = 1)
    {
        ulong[] output = Enumerable.Repeat(Sentinel, BitVector.WordCount(count) + 1).ToArray();
        int kept = run(output);
        Assert.True(expectedKept == kept, what);
        int words = BitVector.WordCount(kept);
        using BitVector reference = expected.Slice(prefix, expectedKept);
        Assert.True(reference.Words.SequenceEqual(output.AsSpan(0, words)), what); // includes the zeroed tail
        Assert.True(output.AsSpan(words).IndexOfAnyExcept(Sentinel) < 0, what);
    }

    /// <summary>Random bases that agree with probability <paramref name="agree"/>, random bits, garbage past count.</summary>
    private static (ulong[] Mine, ulong[] Theirs, ulong[] Bits) RandomInputs(int seed, int count, double agree)
    {
        var random = new Random(seed);
        int words = BitVector.WordCount(count) + 1;
        ulong[] mine = RandomWords(random, words);
        ulong[] bits = RandomWords(random, words);
        ulong[] theirs = new ulong[words];
        for (int i = 0; i < words * 64; i++)
        {
            bool same = i >= count ? random.Next(2) == 0 : random.NextDouble() < agree;
            ulong mineBit = (mine[i >> 6] >> (i & 63)) & 1;
            theirs[i >> 6] |= (same ? mineBit : mineBit ^ 1) << (i & 63);
        }

        return (mine, theirs, bits);
    }

    private static ulong[] RandomWords(Random random, int count)
    {
        ulong[] words = new ulong[count];
        random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
        return words;
    }
}
