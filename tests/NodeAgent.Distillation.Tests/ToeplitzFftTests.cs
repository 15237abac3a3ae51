using System.Buffers;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Tests;

/// <summary>
/// The additive-FFT Toeplitz hash on large blocks against the Karatsuba path, its plan, dispatch, allocation and scratch
/// hygiene. (Its bit-for-bit checks against the reference at small and odd sizes are in ToeplitzFastTests.)
/// </summary>
public class ToeplitzFftTests
{
    [Theory]
    [InlineData(1 << 20, 1 << 19)]
    [InlineData(1 << 21, 1 << 20)]
    [InlineData(1 << 22, 1 << 21)]
    [InlineData(3_000_017, 1_499_999)]
    [InlineData(1 << 21, 1 << 21)]
    [InlineData(1 << 22, 4_000)]
    public void Matches_Karatsuba_on_large_blocks(int n, int m)
    {
        var random = new Random(n ^ m);
        ulong[] input = RandomWords(random, BitVector.WordCount(n) + 1);
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(n, m)) + 1);
        ulong[] expected = new ulong[BitVector.WordCount(m)];
        ToeplitzHash.ComputeWithKaratsuba(input, n, seed, expected, m);
        ToeplitzFastTests.AssertSameAsReference(expected, m, (output) => ToeplitzHash.ComputeFft(input, n, seed, output, m), $"FFT, {n} → {m}");
        ToeplitzFastTests.AssertSameAsReference(expected, m, (output) => ToeplitzHash.Compute(input, n, seed, output, m), $"Compute, {n} → {m}");
    }

    [Fact]
    public void Portable_FFT_matches_portable_Karatsuba_at_2_to_the_20()
    {
        const int N = 1 << 20;
        const int M = N / 2;
        var random = new Random(20);
        ulong[] input = RandomWords(random, BitVector.WordCount(N));
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(N, M)));
        ulong[] expected = new ulong[BitVector.WordCount(M)];
        ToeplitzHash.ComputePortable(input, N, seed, expected, M);
        ToeplitzFastTests.AssertSameAsReference(expected, M, (output) => ToeplitzHash.ComputeFftPortable(input, N, seed, output, M), "FFT portable");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 999)]
    [InlineData(1 << 20, 1 << 19)]
    [InlineData(1 << 27, 1 << 26)]
    [InlineData(int.MaxValue / 2, int.MaxValue / 4)]
    [InlineData(1 << 24, 100)]
    public void The_plan_fits_the_products_into_the_transform(int n, int m)
    {
        (int k, int w) = ToeplitzHash.FftPlan(n, m);
        Assert.InRange(w, 1, n);
        long seedChunks = ((long)w + m - 1 + 31) / 32;
        long inputChunks = ((long)w + 31) / 32;
        Assert.True(seedChunks + inputChunks - 1 <= 1L << k, $"{n} → {m}: K {k}, w {w}");
        Assert.InRange(k, 0, CantorBasis.Count);
    }

    [Fact]
    public void Compute_switches_to_the_FFT_for_large_blocks_only()
    {
        foreach (bool portable in new[] { false, true })
        {
            Assert.False(ToeplitzHash.UsesFft(1 << 16, 1 << 15, portable));
            Assert.True(ToeplitzHash.UsesFft(1 << 22, 1 << 21, portable));
            Assert.True(ToeplitzHash.UsesFft(1 << 27, 1 << 26, portable));
            Assert.False(ToeplitzHash.UsesFft(1 << 22, 64, portable)); // one output word: Karatsuba is linear
        }
    }

    [Fact]
    public void Compute_on_the_FFT_path_allocates_nothing_after_warm_up()
    {
        const int N = 1 << 20;
        const int M = N / 2;
        Assert.True(ToeplitzHash.UsesFft(N, M, portable: !ToeplitzHash.IsHardwareAccelerated));
        var random = new Random(21);
        ulong[] input = RandomWords(random, BitVector.WordCount(N));
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(N, M)));
        ulong[] output = new ulong[BitVector.WordCount(M)];
        ToeplitzHash.Compute(input, N, seed, output, M);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ToeplitzHash.Compute(input, N, seed, output, M);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Pooled_scratch_is_zeroed_before_it_is_returned()
    {
        // The FFT path rents three arrays of 2^K words. Marked arrays of that size returned just before are the ones
        // it gets (this thread's pool slot, then the per-core stack), and the ones the Rents after it get back.
        const int N = 1 << 14;
        const int M = N / 2;
        int points = (int)(ToeplitzHash.FftScratchWords(N, M) / 3);
        var random = new Random(22);
        ulong[] input = RandomWords(random, BitVector.WordCount(N));
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(N, M)));
        ulong[] output = new ulong[BitVector.WordCount(M)];
        ulong[][] marked = [ArrayPool<ulong>.Shared.Rent(points), ArrayPool<ulong>.Shared.Rent(points), ArrayPool<ulong>.Shared.Rent(points)];
        foreach (ulong[] array in marked)
        {
            array.AsSpan().Fill(0xDEAD_BEEF_DEAD_BEEF);
            ArrayPool<ulong>.Shared.Return(array);
        }

        ToeplitzHash.ComputeFft(input, N, seed, output, M);

        ulong[][] again = [ArrayPool<ulong>.Shared.Rent(points), ArrayPool<ulong>.Shared.Rent(points), ArrayPool<ulong>.Shared.Rent(points)];
        try
        {
            Assert.SkipUnless(
                again.All(a => marked.Any(b => ReferenceEquals(a, b))), "The pool handed out other arrays (trimmed by a GC?).");
            foreach (ulong[] array in again)
            {
                Assert.All(array.Take(points), word => Assert.Equal(0UL, word));
            }
        }
        finally
        {
            foreach (ulong[] array in again)
            {
                ArrayPool<ulong>.Shared.Return(array);
            }
        }
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
