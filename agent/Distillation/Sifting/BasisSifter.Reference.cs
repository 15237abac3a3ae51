using System.Numerics;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Sifting;

public static partial class BasisSifter
{
    /// <summary>
    /// The original sifting loop, kept as the oracle the word-wise kernel is tested against and as the benchmark
    /// baseline: one trailing-zero count per kept bit, appended word by word. Same contract as
    /// <see cref="Sift(ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, int, BitVector)"/>.
    /// </summary>
    /// <returns>Number of bits appended.</returns>
    public static int SiftReference(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, BitVector destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int words = CheckInputs(myBases, theirBases, myBits, count);

        int appended = 0;
        for (int w = 0; w < words; w++)
        {
            ulong match = ~(myBases[w] ^ theirBases[w]);
            int valid = Math.Min(64, count - (w << 6));
            if (valid < 64)
            {
                match &= (1UL << valid) - 1;
            }

            // Compress the kept bits of this word into the low bits of one word, then append them at once.
            ulong source = myBits[w];
            ulong kept = 0;
            int keptCount = 0;
            while (match != 0)
            {
                int i = BitOperations.TrailingZeroCount(match);
                kept |= ((source >> i) & 1) << keptCount;
                keptCount++;
                match &= match - 1;
            }

            destination.AppendLowBits(kept, keptCount);
            appended += keptCount;
        }

        return appended;
    }
}
