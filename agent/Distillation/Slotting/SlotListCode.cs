using System.Numerics;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Slotting;

/// <summary>
/// The slots of a batch of detections on the wire: strictly ascending slot numbers as the gaps between them
/// (gap − 1 ≥ 0), each Golomb–Rice coded with one parameter k per batch (Golomb, IEEE Trans. IT 12, 399 (1966); Rice,
/// JPL 79-22 (1979)): the quotient v &gt;&gt; k in unary (that many 1 bits, then a 0), then the k low bits of v.
/// </summary>
/// <remarks>
/// Detections of a link are close to a Bernoulli process over slots, so the gaps are geometric and a Rice code with
/// k ≈ log2(mean gap · ln 2) is within a few per cent of their entropy: about 12 bits per detection at a 10^-3
/// detection probability, against 16 for the LEB128 varints of protocol version 3. A quotient of
/// <see cref="EscapeQuotient"/> or more (a gap far beyond the batch's mean, after an outage) is written as that many
/// 1 bits followed by the value's 64 bits, so no gap costs more than 64 + 32 + k bits. Bits are packed LSB-first in
/// 64-bit words, the unused bits of the last word zero.
/// </remarks>
public static class SlotListCode
{
    /// <summary>Quotients from here on are escaped: the unary run of this length, then the raw 64-bit value.</summary>
    public const int EscapeQuotient = 32;

    /// <summary>Largest Rice parameter (a gap needs at most 63 bits).</summary>
    public const int MaxParameter = 62;

    /// <summary>The Rice parameter for a batch: ⌊log2(mean of gap − 1, times ln 2)⌋, at least 0.</summary>
    public static int ChooseParameter(ReadOnlySpan<long> slots)
    {
        if (slots.Length < 2)
        {
            return 0;
        }

        double mean = (double)(slots[^1] - slots[0] - (slots.Length - 1)) / (slots.Length - 1);
        double scaled = mean * Math.Log(2.0);
        return scaled < 2.0 ? 0 : Math.Min(MaxParameter, (int)Math.Floor(Math.Log2(scaled)));
    }

    /// <summary>Words needed to code <paramref name="slots"/> with parameter <paramref name="parameter"/>.</summary>
    public static int CodedWords(ReadOnlySpan<long> slots, int parameter)
    {
        CheckParameter(parameter);
        long bits = 0;
        for (int i = 1; i < slots.Length; i++)
        {
            ulong value = Gap(slots, i);
            ulong quotient = value >> parameter;
            bits += quotient >= EscapeQuotient ? EscapeQuotient + 64 : (long)quotient + 1 + parameter;
        }

        return checked((int)((bits + 63) >> 6));
    }

    /// <summary>
    /// Codes the gaps of <paramref name="slots"/> (strictly ascending, non-negative) into
    /// <paramref name="destination"/> (at least <see cref="CodedWords"/> words; those are overwritten). The first
    /// slot travels separately.
    /// </summary>
    /// <returns>Words written.</returns>
    public static int Encode(ReadOnlySpan<long> slots, int parameter, Span<ulong> destination)
    {
        int words = CodedWords(slots, parameter);
        if (destination.Length < words)
        {
            throw new ArgumentException($"The code needs {words} words but the destination holds {destination.Length}.", nameof(destination));
        }

        destination[..words].Clear();
        long bit = 0;
        ulong lowMask = parameter == 0 ? 0 : (1UL << parameter) - 1;
        for (int i = 1; i < slots.Length; i++)
        {
            ulong value = Gap(slots, i);
            ulong quotient = value >> parameter;
            if (quotient >= EscapeQuotient)
            {
                WriteOnes(destination, ref bit, EscapeQuotient);
                WriteBits(destination, ref bit, value, 64);
            }
            else
            {
                WriteOnes(destination, ref bit, (int)quotient);
                bit++; // the terminating 0
                WriteBits(destination, ref bit, value & lowMask, parameter);
            }
        }

        return words;
    }

    /// <summary>
    /// Decodes <paramref name="slots"/>.Length slots, the first being <paramref name="firstSlot"/>, from
    /// <paramref name="code"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The code is malformed: it ends early, has bits set past its last gap, or its slots overflow. It comes from the
    /// network, so every case is an error, never an exception of another kind.
    /// </exception>
    public static void Decode(ReadOnlySpan<ulong> code, int parameter, long firstSlot, Span<long> slots)
    {
        if (parameter is < 0 or > MaxParameter)
        {
            throw new InvalidDataException($"Rice parameter {parameter} outside [0, {MaxParameter}].");
        }

        if (firstSlot < 0)
        {
            throw new InvalidDataException($"First slot {firstSlot} is negative.");
        }

        if (slots.IsEmpty)
        {
            CheckClear(code, 0);
            return;
        }

        long limit = (long)code.Length << 6;
        long bit = 0;
        long slot = firstSlot;
        slots[0] = slot;
        for (int i = 1; i < slots.Length; i++)
        {
            int quotient = ReadOnes(code, ref bit, limit);
            ulong value;
            if (quotient >= EscapeQuotient)
            {
                value = ReadBits(code, ref bit, 64, limit);
            }
            else
            {
                bit++; // the 0 that ended the run (ReadOnes stopped on it)
                value = ((ulong)quotient << parameter) | ReadBits(code, ref bit, parameter, limit);
            }

            if (value >= (ulong)(long.MaxValue - slot))
            {
                throw new InvalidDataException($"Slot {i} overflows.");
            }

            slot += (long)value + 1;
            slots[i] = slot;
        }

        CheckClear(code, bit);
    }

    private static ulong Gap(ReadOnlySpan<long> slots, int i)
    {
        long gap = slots[i] - slots[i - 1];
        if (gap <= 0 || slots[i - 1] < 0)
        {
            throw new ArgumentException($"Slots must be non-negative and strictly ascending (index {i}).", nameof(slots));
        }

        return (ulong)gap - 1;
    }

    private static void CheckParameter(int parameter) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)parameter, (uint)MaxParameter, nameof(parameter));

    private static void WriteOnes(Span<ulong> destination, ref long bit, int count)
    {
        while (count > 0)
        {
            int offset = (int)(bit & 63);
            int take = Math.Min(count, 64 - offset);
            ulong run = take == 64 ? ~0UL : ((1UL << take) - 1) << offset;
            destination[(int)(bit >> 6)] |= run;
            bit += take;
            count -= take;
        }
    }

    private static void WriteBits(Span<ulong> destination, ref long bit, ulong value, int count)
    {
        if (count == 0)
        {
            return;
        }

        int offset = (int)(bit & 63);
        int word = (int)(bit >> 6);
        destination[word] |= value << offset;
        if (offset + count > 64)
        {
            destination[word + 1] |= value >> (64 - offset);
        }

        bit += count;
    }

    /// <summary>Counts 1 bits from <paramref name="bit"/> up to the next 0 or <see cref="EscapeQuotient"/> ones.</summary>
    private static int ReadOnes(ReadOnlySpan<ulong> code, ref long bit, long limit)
    {
        int ones = 0;
        while (ones < EscapeQuotient)
        {
            if (bit >= limit)
            {
                throw new InvalidDataException("The slot code ends inside a gap.");
            }

            ulong rest = code[(int)(bit >> 6)] >> (int)(bit & 63);
            int run = BitOperations.TrailingZeroCount(~rest); // 64 when the rest of the word is all ones
            int available = 64 - (int)(bit & 63);
            int take = Math.Min(Math.Min(run, available), EscapeQuotient - ones);
            ones += take;
            bit += take;
            if (take < available && take == run)
            {
                return ones; // stopped on a 0
            }
        }

        return ones;
    }

    private static ulong ReadBits(ReadOnlySpan<ulong> code, ref long bit, int count, long limit)
    {
        if (count == 0)
        {
            return 0;
        }

        if (bit + count > limit)
        {
            throw new InvalidDataException("The slot code ends inside a gap.");
        }

        int offset = (int)(bit & 63);
        int word = (int)(bit >> 6);
        ulong value = code[word] >> offset;
        if (offset + count > 64)
        {
            value |= code[word + 1] << (64 - offset);
        }

        bit += count;
        return count == 64 ? value : value & ((1UL << count) - 1);
    }

    private static void CheckClear(ReadOnlySpan<ulong> code, long bit)
    {
        // Whole words past the last gap, or set bits after it, mean the sender and receiver disagree about the batch.
        if (code.Length != BitVector.WordCount((int)Math.Min(bit, int.MaxValue)) ||
            ((bit & 63) != 0 && (code[^1] >> (int)(bit & 63)) != 0))
        {
            throw new InvalidDataException("The slot code has bits past its last gap.");
        }
    }
}
