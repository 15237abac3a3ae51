using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;

namespace NodeAgent.Distillation.Tests;

/// <summary>
/// The Karatsuba and additive-FFT Toeplitz hashes (hardware and portable multiplies, each forced at every size) against
/// the window-XOR reference, and each carry-less multiply against a bit loop. CI runs these with default settings, with
/// DOTNET_EnableHWIntrinsic=0 and on linux-arm64 under qemu (PMULL).
/// </summary>
public class ToeplitzFastTests
{
    /// <summary>
    /// Sizes around the word size, the base-case sizes (16 words on the hardware path, 4 portable) and their doubles,
    /// and odd large blocks; m from 1 to n.
    /// </summary>
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        var random = new Random(2);
        foreach (int n in new[] { 1, 63, 64, 65, 127, 1000, 4097, 65_537 })
        {
            int[] candidates =
            [
                1, 2, 63, 64, 65, 127, 128, 255, 256, 257, 511, 513, 1023, 1024, 1025, 2047, 2048, 2049, 2113, 20_000,
                n / 2, n / 3, n - 64, n - 1, n,
                random.Next(1, n + 1), random.Next(1, n + 1),
            ];
            foreach (int m in candidates.Where(m => m >= 1 && m <= n).Distinct())
            {
                data.Add(n, m);
            }
        }

        // Sizes the layout choice pads in rows and columns (portable; hardware), and a nearly square one.
        data.Add(20_000, 1855);
        data.Add(20_000, 9683);
        data.Add(20_000, 19_983);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matches_the_reference_bit_for_bit(int n, int m)
    {
        int seedValue = (n * 31) + m;
        var random = new Random(seedValue);

        // Garbage past the input's n bits and the seed's n + m − 1 bits, and an extra word in each span.
        ulong[] input = RandomWords(random, BitVector.WordCount(n) + 1);
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(n, m)) + 1);
        int outputWords = BitVector.WordCount(m);
        ulong[] expected = new ulong[outputWords];
        ToeplitzHash.ComputeReference(input, n, seed, expected, m);

        AssertSameAsReference(expected, m, (output) => ToeplitzHash.Compute(input, n, seed, output, m), $"Compute, seed {seedValue}");
        AssertSameAsReference(expected, m, (output) => ToeplitzHash.ComputePortable(input, n, seed, output, m), $"portable, seed {seedValue}");

        // The additive-FFT path forced at every size, hardware and portable (one reference run serves all four).
        AssertSameAsReference(expected, m, (output) => ToeplitzHash.ComputeFft(input, n, seed, output, m), $"FFT, seed {seedValue}");
        AssertSameAsReference(expected, m, (output) => ToeplitzHash.ComputeFftPortable(input, n, seed, output, m), $"FFT portable, seed {seedValue}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_sizes_above_reach_every_layout(bool portable)
    {
        // Unpadded (Tile's leftovers), rows padded to a square side, and rows and columns padded.
        var seen = new HashSet<string>();
        foreach (TheoryDataRow<int, int> row in Sizes())
        {
            (int n, int m) = row.Data;
            (int rows, int cols) = ToeplitzHash.LayoutWords(n, m, portable);
            Assert.True(rows >= BitVector.WordCount(m) && cols >= BitVector.WordCount(n), $"n {n}, m {m}: {rows} × {cols}");
            seen.Add($"{rows > BitVector.WordCount(m)} {cols > BitVector.WordCount(n)}");
        }

        Assert.Contains("False False", seen);
        Assert.Contains("True False", seen);
        Assert.Contains("True True", seen);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(65, 33)]
    [InlineData(4097, 2049)]
    [InlineData(65_537, 32_769)]
    public void All_zero_and_all_one_inputs_and_seeds_match_the_reference(int n, int m)
    {
        foreach (ulong inputWord in new[] { 0UL, ulong.MaxValue })
        {
            foreach (ulong seedWord in new[] { 0UL, ulong.MaxValue })
            {
                ulong[] input = Enumerable.Repeat(inputWord, BitVector.WordCount(n)).ToArray();
                ulong[] seed = Enumerable.Repeat(seedWord, BitVector.WordCount(ToeplitzHash.SeedBits(n, m))).ToArray();
                ulong[] expected = new ulong[BitVector.WordCount(m)];
                ToeplitzHash.ComputeReference(input, n, seed, expected, m);
                if (inputWord == 0 || seedWord == 0)
                {
                    Assert.All(expected, word => Assert.Equal(0UL, word));
                }

                string what = $"input 0x{inputWord:X}, seed 0x{seedWord:X}";
                AssertSameAsReference(expected, m, (output) => ToeplitzHash.Compute(input, n, seed, output, m), $"Compute, {what}");
                AssertSameAsReference(expected, m, (output) => ToeplitzHash.ComputePortable(input, n, seed, output, m), $"portable, {what}");
                AssertSameAsReference(expected, m, (output) => ToeplitzHash.ComputeFft(input, n, seed, output, m), $"FFT, {what}");
                AssertSameAsReference(expected, m, (output) => ToeplitzHash.ComputeFftPortable(input, n, seed, output, m), $"FFT portable, {what}");
            }
        }
    }

    [Fact]
    public void Portable_multiply_matches_the_bit_loop()
    {
        foreach ((ulong a, ulong b) in Operands(seed: 3))
        {
            ulong low = CarrylessMultiply.MultiplyPortable(a, b, out ulong high);
            Assert.True(BitLoop(a, b) == (high, low), $"a = 0x{a:X16}, b = 0x{b:X16}");
        }
    }

    [Fact]
    public void Hardware_multiply_matches_the_bit_loop()
    {
        Assert.SkipUnless(CarrylessMultiply.IsHardwareAccelerated, "No PCLMULQDQ or PMULL on this CPU (or DOTNET_EnableHWIntrinsic=0).");
        foreach ((ulong a, ulong b) in Operands(seed: 4))
        {
            ulong low = CarrylessMultiply.MultiplyHardware(a, b, out ulong high);
            Assert.True(BitLoop(a, b) == (high, low), $"a = 0x{a:X16}, b = 0x{b:X16}");
        }
    }

    [Fact]
    public void Hardware_pair_multiply_adds_the_low_and_high_lane_products()
    {
        Assert.SkipUnless(CarrylessMultiply.IsHardwareAccelerated, "No PCLMULQDQ or PMULL on this CPU (or DOTNET_EnableHWIntrinsic=0).");
        var random = new Random(5);
        for (int i = 0; i < 500; i++)
        {
            ulong a0 = NextUInt64(random), a1 = NextUInt64(random), b0 = NextUInt64(random), b1 = NextUInt64(random);
            Vector128<ulong> sum = CarrylessMultiply.MultiplyPairs(Vector128.Create(a0, a1), Vector128.Create(b0, b1));
            (ulong high0, ulong low0) = BitLoop(a0, b0);
            (ulong high1, ulong low1) = BitLoop(a1, b1);
            Assert.Equal(low0 ^ low1, sum.GetElement(0));
            Assert.Equal(high0 ^ high1, sum.GetElement(1));
        }
    }

    [Fact]
    public void Dispatch_follows_DOTNET_EnableHWIntrinsic()
    {
        bool switchedOff = Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0";
        if (switchedOff)
        {
            // Proves the scalar-only CI pass really ran the portable multiply.
            Assert.False(Pclmulqdq.IsSupported || ArmAes.IsSupported);
            Assert.False(ToeplitzHash.IsHardwareAccelerated);
        }
        else
        {
            Assert.Equal(Pclmulqdq.IsSupported || ArmAes.IsSupported, ToeplitzHash.IsHardwareAccelerated);
        }
    }

    [Fact]
    public void Compute_allocates_nothing_after_warm_up()
    {
        const int N = 1 << 16;
        const int M = N / 2;
        var random = new Random(6);
        ulong[] input = RandomWords(random, BitVector.WordCount(N));
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(N, M)));
        ulong[] output = new ulong[BitVector.WordCount(M)];
        ToeplitzHash.Compute(input, N, seed, output, M);
        ToeplitzHash.ComputePortable(input, N, seed, output, M);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ToeplitzHash.Compute(input, N, seed, output, M);
        ToeplitzHash.ComputePortable(input, N, seed, output, M);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pooled_scratch_is_zeroed_before_it_is_returned(bool portable)
    {
        // 2^14 → 2^13 bits needs over a thousand scratch words, so they come from the pool. A marked array returned
        // just before sits in this thread's pool slot, so Compute rents exactly that one, and so does the Rent after it.
        const int N = 1 << 14;
        const int M = N / 2;
        var random = new Random(7);
        ulong[] input = RandomWords(random, BitVector.WordCount(N));
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(N, M)));
        ulong[] output = new ulong[BitVector.WordCount(M)];
        int used = ToeplitzHash.ScratchWords(N, M, portable);
        ulong[] marked = ArrayPool<ulong>.Shared.Rent(used);
        marked.AsSpan().Fill(0xDEAD_BEEF_DEAD_BEEF);
        ArrayPool<ulong>.Shared.Return(marked);

        if (portable)
        {
            ToeplitzHash.ComputePortable(input, N, seed, output, M);
        }
        else
        {
            ToeplitzHash.Compute(input, N, seed, output, M);
        }

        ulong[] again = ArrayPool<ulong>.Shared.Rent(used);
        try
        {
            Assert.SkipUnless(ReferenceEquals(again, marked), "The pool handed out another array (trimmed by a GC?).");

            // Compute wrote over the marks and cleared what it used; the rest of the array is not its business.
            Assert.All(again.Take(used), word => Assert.Equal(0UL, word));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(again);
        }
    }

    /// <summary>
    /// Runs <paramref name="compute"/> on an output span that starts as a pattern with a sentinel word after it, compares
    /// with the reference, and checks the tail bits past m are zero.
    /// </summary>
    internal static void AssertSameAsReference(ulong[] expected, int outputBits, Action<Span<ulong>> compute, string what)
    {
        ulong[] output = Enumerable.Repeat(0xA5A5_A5A5_A5A5_A5A5UL, expected.Length + 1).ToArray();
        compute(output);
        for (int w = 0; w < expected.Length; w++)
        {
            Assert.True(expected[w] == output[w], $"{what}: word {w} of {expected.Length} is 0x{output[w]:X16}, expected 0x{expected[w]:X16}");
        }

        Assert.Equal(0xA5A5_A5A5_A5A5_A5A5UL, output[^1]); // words past the output are untouched
        if ((outputBits & 63) != 0)
        {
            Assert.True(output[expected.Length - 1] >> (outputBits & 63) == 0, $"{what}: bits past m are set");
        }
    }

    /// <summary>Oracle: the schoolbook carry-less product, one bit of b at a time.</summary>
    private static (ulong High, ulong Low) BitLoop(ulong a, ulong b)
    {
        ulong low = 0;
        ulong high = 0;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                low ^= a << i;
                high ^= i == 0 ? 0 : a >> (64 - i);
            }
        }

        return (high, low);
    }

    /// <summary>Edge words (every combination of top bits, for the portable repair step) and random pairs.</summary>
    private static IEnumerable<(ulong A, ulong B)> Operands(int seed)
    {
        ulong[] edges =
        [
            0, 1, 2, ulong.MaxValue, 1UL << 63, 1UL << 62, 1UL << 61, 7UL << 61, 0xE000_0000_0000_0001, 0x8000_0000_0000_000F,
            0x1111_1111_1111_1111, 0xEEEE_EEEE_EEEE_EEEE, 0xCCCC_CCCC_CCCC_CCCC, 0x8888_8888_8888_8888, 0xF0F0_F0F0_F0F0_F0F0,
        ];
        foreach (ulong a in edges)
        {
            foreach (ulong b in edges)
            {
                yield return (a, b);
            }
        }

        var random = new Random(seed);
        for (int i = 0; i < 5000; i++)
        {
            yield return (NextUInt64(random), NextUInt64(random));
        }
    }

    private static ulong NextUInt64(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);

    private static ulong[] RandomWords(Random random, int count)
    {
        ulong[] words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = NextUInt64(random);
        }

        return words;
    }
}
