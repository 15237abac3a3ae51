using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Sifting;

/// <summary>
/// Basis sifting: keeps the bits of the slots where Alice's preparation basis and Bob's measurement basis agree.
/// </summary>
/// <remarks>
/// Bases are bit-packed like <see cref="BitVector"/> (bit i of word i/64, least significant first), Z = 0 and X = 1,
/// so "bases agree" is the complement of an XOR, one word at a time. The kept bits of each word are compacted with
/// BMI2 PEXT on x64 (<c>BasisSifter.Pext.cs</c>) or a loop over the runs of agreeing positions elsewhere, including
/// arm64, which has no bit-compress instruction (<c>BasisSifter.Portable.cs</c>). The original per-bit loop stays as
/// <see cref="SiftReference"/> (<c>BasisSifter.Reference.cs</c>), the tests' oracle and the benchmark baseline.
/// Every branch and loop count depends on the bases only (announced in the clear), never on the key bits.
/// Stateless and thread-safe.
/// </remarks>
public static partial class BasisSifter
{
    // Multiplying eight 0/1 bytes by this gathers byte k's low bit at bit 56 + k, with no carries between terms:
    // byte k sits at bit 8k and the term 2^(56 - 7k) moves it to 56 + k; the cross terms all land below bit 56.
    private const ulong GatherLowBitsMultiplier = 0x0102040810204080UL;
    private const ulong LowBitOfEachByte = 0x0101010101010101UL;

    // Positions per chunk of the BitVector overload: 64 words (512 B) of stack, 4096 positions.
    private const int ChunkWords = 64;

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
    /// <remarks>Runs the word-wise kernel (<see cref="Sift(ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, int, Span{ulong})"/>) in chunks through a stack buffer.</remarks>
    /// <returns>Number of bits appended.</returns>
    public static int Sift(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, BitVector destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int words = CheckInputs(myBases, theirBases, myBits, count);

        Span<ulong> chunk = stackalloc ulong[ChunkWords];
        int appended = 0;
        for (int w = 0; w < words; w += ChunkWords)
        {
            int take = Math.Min(ChunkWords, words - w);
            int positions = Math.Min(take << 6, count - (w << 6));
            int kept = SiftWords(myBases.Slice(w, take), theirBases.Slice(w, take), myBits.Slice(w, take), positions, chunk);
            destination.AppendBits(chunk, 0, kept);
            appended += kept;
        }

        // The chunk held key bits.
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chunk));
        return appended;
    }

    /// <summary>
    /// Writes to <paramref name="destination"/>, packed from bit 0, my bit i for every i &lt; <paramref name="count"/>
    /// where my basis equals theirs; bits at or beyond <paramref name="count"/> in the inputs are ignored. Allocates
    /// nothing.
    /// </summary>
    /// <param name="myBases">My bases, packed, Z = 0 and X = 1.</param>
    /// <param name="theirBases">The peer's bases, packed the same way.</param>
    /// <param name="myBits">My bits, packed.</param>
    /// <param name="count">Number of positions.</param>
    /// <param name="destination">
    /// At least <c>BitVector.WordCount(count)</c> words (the most that can be kept). The first
    /// <c>BitVector.WordCount(kept)</c> words are overwritten, the unused high bits of the last one zeroed; later words
    /// are left alone.
    /// </param>
    /// <returns>Number of bits kept.</returns>
    public static int Sift(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination)
    {
        CheckAll(myBases, theirBases, myBits, count, destination);
        return SiftWords(myBases, theirBases, myBits, count, destination);
    }

    /// <summary>
    /// Packs the bits of <paramref name="bits"/> at the positions i &lt; <paramref name="count"/> where
    /// <paramref name="mask"/> is 1 (<paramref name="ones"/>) or 0 (otherwise) into <paramref name="destination"/>
    /// from bit <paramref name="offset"/> on, with the sifting kernel; bits below the offset are kept. Cascade's
    /// halves passes order a key this way. Spans hold at least WordCount(count) words, the destination
    /// WordCount(offset + kept).
    /// </summary>
    /// <returns>Number of bits written.</returns>
    internal static int Gather(
        ReadOnlySpan<ulong> mask, bool ones, ReadOnlySpan<ulong> bits, int count, Span<ulong> destination, int offset)
    {
        int words = BitVector.WordCount(count);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (mask.Length < words || bits.Length < words)
        {
            throw new ArgumentException($"{count} positions need {words} words of mask and bits.");
        }

        int set = 0;
        for (int w = 0; w < words; w++)
        {
            ulong valid = (w << 6) + 64 <= count ? ~0UL : (1UL << (count & 63)) - 1;
            set += BitOperations.PopCount(mask[w] & valid);
        }

        int kept = ones ? set : count - set;
        if (destination.Length < BitVector.WordCount(offset + kept))
        {
            throw new ArgumentException(
                $"{kept} bits from bit {offset} need {BitVector.WordCount(offset + kept)} words but the destination holds {destination.Length}.", nameof(destination));
        }

        return (Bmi2.X64.IsSupported, ones) switch
        {
            (true, true) => GatherWords<PextCompress, MaskSet>(mask, mask, bits, count, destination, offset),
            (true, false) => GatherWords<PextCompress, MaskClear>(mask, mask, bits, count, destination, offset),
            (false, true) => GatherWords<PortableCompress, MaskSet>(mask, mask, bits, count, destination, offset),
            (false, false) => GatherWords<PortableCompress, MaskClear>(mask, mask, bits, count, destination, offset),
        };
    }

    /// <summary>True when sifting compacts bits with BMI2 PEXT; otherwise the portable run loop.</summary>
    internal static bool UsesPext => Bmi2.X64.IsSupported;

    /// <summary>The word-wise kernel on the tier the CPU has; spans already checked.</summary>
    private static int SiftWords(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination) =>
        Bmi2.X64.IsSupported
            ? SiftWords<PextCompress>(myBases, theirBases, myBits, count, destination)
            : SiftWords<PortableCompress>(myBases, theirBases, myBits, count, destination);

    private static void CheckAll(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination)
    {
        int words = CheckInputs(myBases, theirBases, myBits, count);
        CheckWords(destination, words, count, nameof(destination));
    }

    /// <summary>Checks the count and that the three inputs hold its words; returns the word count.</summary>
    private static int CheckInputs(ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int words = BitVector.WordCount(count);
        CheckWords(myBases, words, count, nameof(myBases));
        CheckWords(theirBases, words, count, nameof(theirBases));
        CheckWords(myBits, words, count, nameof(myBits));
        return words;
    }

    private static void CheckWords(ReadOnlySpan<ulong> span, int words, int count, string name)
    {
        if (span.Length < words)
        {
            throw new ArgumentException($"{count} positions need {words} words but {name} holds {span.Length}.", name);
        }
    }
}
