using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NodeAgent.Distillation.Sifting;

public static partial class BasisSifter
{
    /// <summary>One way to gather the bits of a word selected by a mask into its low bits (a bit compress).</summary>
    private interface ICompress
    {
        /// <summary>
        /// The bits of <paramref name="source"/> at the set positions of <paramref name="mask"/>, in order, in the low
        /// PopCount(mask) bits of the result; the bits above are zero. May branch on the mask, never on the source.
        /// </summary>
        static abstract ulong Compress(ulong source, ulong mask);
    }

    /// <summary>
    /// The word-wise kernel: per 64 positions, the agreeing positions are ~(mine ^ theirs), the kept bits are
    /// compacted with <typeparamref name="TCompress"/>, and a bit accumulator packs them into whole output words.
    /// Spans are checked by the caller: inputs hold WordCount(count) words, the destination at least as many.
    /// </summary>
    /// <returns>Number of bits kept (written from bit 0 of <paramref name="destination"/>).</returns>
    private static int SiftWords<TCompress>(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination)
        where TCompress : struct, ICompress
    {
        ref ulong mine = ref MemoryMarshal.GetReference(myBases);
        ref ulong theirs = ref MemoryMarshal.GetReference(theirBases);
        ref ulong bits = ref MemoryMarshal.GetReference(myBits);
        ref ulong output = ref MemoryMarshal.GetReference(destination);

        ulong pending = 0; // kept bits not yet written, in the low pendingBits bits (always < 64)
        int pendingBits = 0;
        nuint written = 0;
        nuint fullWords = (nuint)(count >> 6);
        for (nuint w = 0; w < fullWords; w++)
        {
            ulong match = ~(Unsafe.Add(ref mine, w) ^ Unsafe.Add(ref theirs, w));
            ulong kept = TCompress.Compress(Unsafe.Add(ref bits, w), match);
            Accumulate(kept, BitOperations.PopCount(match), ref pending, ref pendingBits, ref output, ref written);
        }

        int tail = count & 63;
        if (tail != 0)
        {
            ulong match = ~(Unsafe.Add(ref mine, fullWords) ^ Unsafe.Add(ref theirs, fullWords)) & ((1UL << tail) - 1);
            ulong kept = TCompress.Compress(Unsafe.Add(ref bits, fullWords), match);
            Accumulate(kept, BitOperations.PopCount(match), ref pending, ref pendingBits, ref output, ref written);
        }

        int total = ((int)written << 6) + pendingBits;
        if (pendingBits != 0)
        {
            Unsafe.Add(ref output, written) = pending;
        }

        return total;
    }

    /// <summary>Appends the low <paramref name="keptBits"/> bits of <paramref name="kept"/> (the rest zero) to the output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ulong kept, int keptBits, ref ulong pending, ref int pendingBits, ref ulong output, ref nuint written)
    {
        pending |= kept << pendingBits;
        int total = pendingBits + keptBits;
        if (total >= 64)
        {
            Unsafe.Add(ref output, written++) = pending;

            // The bits that did not fit; none when pendingBits was 0 (a shift by 64 would be a shift by 0).
            pending = pendingBits == 0 ? 0 : kept >> (64 - pendingBits);
            total -= 64;
        }

        pendingBits = total;
    }
}
