using System.Numerics;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Sifting;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// The sifted detections one end holds between blocks, split by basis and tagged with the intensity Alice sent:
/// key-basis (Z) bits wait for the next block; test-basis (X) bits are disclosed whole at the next block to count
/// errors per intensity (the decoy-state estimate needs them; they never become key).
/// </summary>
/// <remarks>Both ends append the same detections in the same order, so their pools stay the same length.</remarks>
internal sealed class SiftedPool : IDisposable
{
    private readonly BasisPool _key = new();
    private readonly BasisPool _test = new();

    /// <summary>Key-basis bits held.</summary>
    public int KeyLength => _key.Bits.Length;

    /// <summary>Test-basis bits held.</summary>
    public int TestLength => _test.Bits.Length;

    /// <summary>
    /// Keeps the detections where both bases agree, each with its intensity class (two bit-planes), in the pool of
    /// its basis. Inputs are packed LSB-first, one bit per detection; bases are Z = 0, X = 1.
    /// </summary>
    /// <returns>The number of detections kept.</returns>
    public int Append(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits,
        ReadOnlySpan<ulong> intensityLow, ReadOnlySpan<ulong> intensityHigh, int count)
    {
        int words = BitVector.WordCount(count);
        Span<ulong> bothZ = words <= 256 ? stackalloc ulong[words] : new ulong[words];
        Span<ulong> bothX = words <= 256 ? stackalloc ulong[words] : new ulong[words];
        Span<ulong> zeros = words <= 256 ? stackalloc ulong[words] : new ulong[words];
        Span<ulong> ones = words <= 256 ? stackalloc ulong[words] : new ulong[words];
        zeros.Clear();
        ones.Fill(ulong.MaxValue);
        for (int w = 0; w < words; w++)
        {
            // The sifting kernel keeps positions where its two basis inputs agree: (mine | theirs) == 0 selects
            // both-Z, (mine & theirs) == 1 selects both-X.
            bothZ[w] = myBases[w] | theirBases[w];
            bothX[w] = myBases[w] & theirBases[w];
        }

        return _key.Append(bothZ, zeros, myBits, intensityLow, intensityHigh, count)
            + _test.Append(bothX, ones, myBits, intensityLow, intensityHigh, count);
    }

    /// <summary>Removes the first <paramref name="bits"/> key-basis bits and counts them per intensity.</summary>
    public BitVector TakeKey(int bits, out IntensityTally detections)
    {
        BitVector key = _key.Take(bits, out detections, out BitVector low, out BitVector high);
        low.Dispose();
        high.Dispose();
        return key;
    }

    /// <summary>
    /// Removes every test-basis bit held, returning the bits and their intensity planes (the caller disposes all three).
    /// </summary>
    public BitVector TakeTest(out IntensityTally detections, out BitVector intensityLow, out BitVector intensityHigh) =>
        _test.Take(_test.Bits.Length, out detections, out intensityLow, out intensityHigh);

    public void Dispose()
    {
        _key.Dispose();
        _test.Dispose();
    }

    /// <summary>Counts the positions of each intensity class among the set bits of <paramref name="mask"/>.</summary>
    public static IntensityTally CountByIntensity(ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> low, ReadOnlySpan<ulong> high, int count)
    {
        var tally = default(IntensityTally);
        int words = BitVector.WordCount(count);
        for (int w = 0; w < words; w++)
        {
            int valid = Math.Min(64, count - (w << 6));
            ulong m = valid == 64 ? mask[w] : mask[w] & ((1UL << valid) - 1);
            tally.Signal += BitOperations.PopCount(m & ~low[w] & ~high[w]);
            tally.Decoy += BitOperations.PopCount(m & low[w] & ~high[w]);
            tally.Vacuum += BitOperations.PopCount(m & ~low[w] & high[w]);
        }

        return tally;
    }

    /// <summary>Bits of one basis with their two intensity bit-planes.</summary>
    private sealed class BasisPool : IDisposable
    {
        public BitVector Bits { get; } = new();

        public BitVector Low { get; } = new();

        public BitVector High { get; } = new();

        public int Append(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> bits, ReadOnlySpan<ulong> low, ReadOnlySpan<ulong> high, int count)
        {
            int kept = BasisSifter.Sift(a, b, bits, count, Bits);
            BasisSifter.Sift(a, b, low, count, Low);
            BasisSifter.Sift(a, b, high, count, High);
            return kept;
        }

        public BitVector Take(int count, out IntensityTally detections, out BitVector low, out BitVector high)
        {
            BitVector taken = Bits.Slice(0, count);
            low = Low.Slice(0, count);
            high = High.Slice(0, count);
            Span<ulong> all = new ulong[BitVector.WordCount(count)];
            all.Fill(ulong.MaxValue);
            detections = CountByIntensity(all, low.Words, high.Words, count);
            Bits.RemoveFirst(count);
            Low.RemoveFirst(count);
            High.RemoveFirst(count);
            return taken;
        }

        public void Dispose()
        {
            Bits.Dispose();
            Low.Dispose();
            High.Dispose();
        }
    }
}

/// <summary>A count per decoy-state intensity class.</summary>
internal struct IntensityTally
{
    public long Signal;
    public long Decoy;
    public long Vacuum;

    public readonly long Total => Signal + Decoy + Vacuum;

    public readonly long this[IntensityClass intensity] => intensity switch
    {
        IntensityClass.Signal => Signal,
        IntensityClass.Decoy => Decoy,
        _ => Vacuum,
    };
}
