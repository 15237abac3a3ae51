using System.Numerics;
using System.Runtime.CompilerServices;

namespace NodeAgent.Distillation.Sifting;

public static partial class BasisSifter
{
    /// <summary>
    /// <see cref="Sift(ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, int, Span{ulong})"/> on the
    /// portable compress, whatever the CPU has (for tests and benchmarks).
    /// </summary>
    internal static int SiftPortable(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination)
    {
        CheckAll(myBases, theirBases, myBits, count, destination);
        return SiftWords<PortableCompress>(myBases, theirBases, myBits, count, destination);
    }

    /// <summary>
    /// Bit compress without PEXT (arm64, older x64): one step per run of consecutive set mask bits, moving the whole
    /// run of source bits at once, so 16 steps per word for random bases (mean run length 2) and fewer the more the
    /// bases agree. A byte-table compress would index memory with key bits (a cache-timing channel); this loop's trip
    /// count and shifts depend on the public mask only.
    /// </summary>
    private readonly struct PortableCompress : ICompress
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Compress(ulong source, ulong mask)
        {
            ulong result = 0;
            int position = 0;
            while (mask != 0)
            {
                int start = BitOperations.TrailingZeroCount(mask);
                int length = BitOperations.TrailingZeroCount(~(mask >> start)); // 1..64 - start
                result |= ((source >> start) & (ulong.MaxValue >> (64 - length))) << position;
                position += length;

                // Clear the lowest run: adding its lowest bit carries through it (Hacker's Delight, 2nd ed., 2-1).
                mask &= mask + (mask & (0 - mask));
            }

            return result;
        }
    }
}
