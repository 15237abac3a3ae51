using System.Buffers.Binary;
using System.Numerics;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Sifting;

/// <summary>
/// Basis sifting: keeps the bits of the slots where Alice's preparation basis and Bob's measurement basis agree.
/// </summary>
/// <remarks>
/// Bases are bit-packed like <see cref="BitVector"/> (bit i of word i/64, least significant first), Z = 0 and X = 1,
/// so "bases agree" is the complement of an XOR, one word at a time. Stateless and thread-safe.
/// </remarks>
public static class BasisSifter
{
    // Multiplying eight 0/1 bytes by this gathers byte k's low bit at bit 56 + k, with no carries between terms:
    // byte k sits at bit 8k and the term 2^(56 - 7k) moves it to 56 + k; the cross terms all land below bit 56.
    private const ulong GatherLowBitsMultiplier = 0x0102040810204080UL;
    private const ulong LowBitOfEachByte = 0x0101010101010101UL;

    /// <summary>
    /// Packs one-bit-per-byte values (0 or 1) LSB-first into words, zeroing the unused tail bits of the last word.
    /// </summary>
    /// <param name="bits">Values 0 or 1.</param>
    /// <param name="packed">Receives <c>BitVector.WordCount(bits.Length)</c> words.</param>
    public static void PackBits(ReadOnlySpan<byte> bits, Span<ulong> packed)
    {
        int words = BitVector.WordCount(bits.Length);
        if (packed.Length < words)
        {
            throw new ArgumentException(
                $"Packing {bits.Length} bits needs {words} words but the destination holds {packed.Length}.", nameof(packed));
        }

        ulong invalid = 0;
        int fullBytes = bits.Length & ~7;
        for (int w = 0; w < words; w++)
        {
            ulong word = 0;
            int first = w << 6;
            int stop = Math.Min(first + 64, fullBytes);
            int shift = 0;
            for (int i = first; i < stop; i += 8, shift += 8)
            {
                ulong eight = BinaryPrimitives.ReadUInt64LittleEndian(bits.Slice(i, 8));
                invalid |= eight & ~LowBitOfEachByte;
                word |= ((eight * GatherLowBitsMultiplier) >> 56) << shift;
            }

            // Fewer than eight bytes left at the very end.
            for (int i = Math.Max(stop, first); i < Math.Min(first + 64, bits.Length); i++)
            {
                invalid |= (ulong)bits[i] & ~1UL;
                word |= (ulong)(bits[i] & 1) << (i - first);
            }

            packed[w] = word;
        }

        if (invalid != 0)
        {
            throw new ArgumentException("Bit values must be 0 or 1.", nameof(bits));
        }
    }

    /// <summary>
    /// Appends to <paramref name="destination"/> my bit i for every i &lt; <paramref name="count"/> where my basis
    /// equals theirs; bits at or beyond <paramref name="count"/> in the inputs are ignored.
    /// </summary>
    /// <returns>Number of bits appended.</returns>
    public static int Sift(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, BitVector destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int words = BitVector.WordCount(count);
        CheckWords(myBases, words, count, nameof(myBases));
        CheckWords(theirBases, words, count, nameof(theirBases));
        CheckWords(myBits, words, count, nameof(myBits));

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

    private static void CheckWords(ReadOnlySpan<ulong> span, int words, int count, string name)
    {
        if (span.Length < words)
        {
            throw new ArgumentException($"{count} positions need {words} words but {name} holds {span.Length}.", name);
        }
    }
}
