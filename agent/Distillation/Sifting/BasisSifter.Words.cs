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

    /// <summary>Which positions of a word a gather keeps, from the two mask words it is given.</summary>
    private interface IMatch
    {
        static abstract ulong Match(ulong mine, ulong theirs);
    }

    /// <summary>Sifting: the positions where the two bases agree.</summary>
    private readonly struct BasesAgree : IMatch
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Match(ulong mine, ulong theirs) => ~(mine ^ theirs);
    }

    /// <summary>A subset given by a mask: the positions where the first mask is set (the second is ignored).</summary>
    private readonly struct MaskSet : IMatch
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Match(ulong mine, ulong theirs) => mine;
    }

    /// <summary>The complement of <see cref="MaskSet"/>.</summary>
    private readonly struct MaskClear : IMatch
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Match(ulong mine, ulong theirs) => ~mine;
    }

    /// <summary>
    /// The word-wise kernel: per 64 positions, the agreeing positions are ~(mine ^ theirs), the kept bits are
    /// compacted with <typeparamref name="TCompress"/>, and a bit accumulator packs them into whole output words.
    /// Spans are checked by the caller: inputs hold WordCount(count) words, the destination at least as many.
    /// </summary>
    /// <returns>Number of bits kept (written from bit 0 of <paramref name="destination"/>).</returns>
    private static int SiftWords<TCompress>(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination)
        where TCompress : struct, ICompress =>
        GatherWords<TCompress, BasesAgree>(myBases, theirBases, myBits, count, destination, 0);

    /// <summary>
    /// Packs the bits of <paramref name="myBits"/> at the positions <typeparamref name="TMatch"/> keeps into
    /// <paramref name="destination"/> from bit <paramref name="offset"/> on; the bits below the offset are kept.
    /// </summary>
    /// <returns>Number of bits kept.</returns>
    private static int GatherWords<TCompress, TMatch>(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination, int offset)
        where TCompress : struct, ICompress
        where TMatch : struct, IMatch
    {
        ref ulong mine = ref MemoryMarshal.GetReference(myBases);
        ref ulong theirs = ref MemoryMarshal.GetReference(theirBases);
        ref ulong bits = ref MemoryMarshal.GetReference(myBits);
        ref ulong output = ref MemoryMarshal.GetReference(destination);

        // Kept bits not yet written, in the low pendingBits bits (always < 64); starts with the bits below the offset.
        int pendingBits = offset & 63;
        nuint written = (nuint)(offset >> 6);
        ulong pending = pendingBits == 0 ? 0 : Unsafe.Add(ref output, written) & ((1UL << pendingBits) - 1);
        nuint fullWords = (nuint)(count >> 6);
        for (nuint w = 0; w < fullWords; w++)
        {
            ulong match = TMatch.Match(Unsafe.Add(ref mine, w), Unsafe.Add(ref theirs, w));
            ulong kept = TCompress.Compress(Unsafe.Add(ref bits, w), match);
            Accumulate(kept, BitOperations.PopCount(match), ref pending, ref pendingBits, ref output, ref written);
        }

        int tail = count & 63;
        if (tail != 0)
        {
            ulong match = TMatch.Match(Unsafe.Add(ref mine, fullWords), Unsafe.Add(ref theirs, fullWords)) & ((1UL << tail) - 1);
            ulong kept = TCompress.Compress(Unsafe.Add(ref bits, fullWords), match);
            Accumulate(kept, BitOperations.PopCount(match), ref pending, ref pendingBits, ref output, ref written);
        }

        int total = ((int)written << 6) + pendingBits;
        if (pendingBits != 0)
        {
            Unsafe.Add(ref output, written) = pending;
        }

        return total - offset;
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
