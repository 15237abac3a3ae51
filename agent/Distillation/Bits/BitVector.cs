using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace NodeAgent.Distillation.Bits;

/// <summary>
/// A growable, bit-packed vector of bits in 64-bit words (bit i is bit i%64 of word i/64, least significant first),
/// backed by a pooled array that is zeroed before it goes back to the pool, because it usually holds key material.
/// </summary>
/// <remarks>
/// Invariant: bits at positions &gt;= <see cref="Length"/> in the backing words are zero, so word-wise kernels
/// (parity, XOR, popcount) never see stale bits. Not thread-safe.
/// </remarks>
public sealed class BitVector : IDisposable
{
    private ulong[] _words;
    private int _length;

    /// <summary>Creates an empty vector with room for <paramref name="capacityBits"/> bits.</summary>
    public BitVector(int capacityBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBits);
        _words = capacityBits == 0 ? [] : RentZeroed(WordCount(capacityBits));
    }

    /// <summary>Number of bits held.</summary>
    public int Length => _length;

    /// <summary>The words that hold <see cref="Length"/> bits; the unused high bits of the last word are zero.</summary>
    public Span<ulong> Words => _words.AsSpan(0, WordCount(_length));

    /// <summary>Number of 64-bit words needed for <paramref name="bits"/> bits.</summary>
    public static int WordCount(int bits) => (int)(((uint)bits + 63u) >> 6);

    /// <summary>Creates a vector holding the first <paramref name="bitCount"/> bits of <paramref name="words"/>.</summary>
    public static BitVector FromWords(ReadOnlySpan<ulong> words, int bitCount)
    {
        var vector = new BitVector(bitCount);
        vector.AppendBits(words, 0, bitCount);
        return vector;
    }

    /// <summary>Creates a vector from bytes, bit i being bit i%8 of byte i/8.</summary>
    public static BitVector FromBytes(ReadOnlySpan<byte> bytes, int bitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitCount, bytes.Length * 8);
        var vector = new BitVector(bitCount);
        vector._length = bitCount;
        Span<ulong> words = vector.Words;
        for (int i = 0; i < WordCount(bitCount) * 8 && i < bytes.Length; i++)
        {
            words[i >> 3] |= (ulong)bytes[i] << ((i & 7) * 8);
        }

        vector.ClearTail();
        return vector;
    }

    /// <summary>Gets bit <paramref name="index"/> as 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Get(int index)
    {
        CheckIndex(index);
        return (int)((_words[index >> 6] >> (index & 63)) & 1);
    }

    /// <summary>Sets bit <paramref name="index"/> to the low bit of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int index, int value)
    {
        CheckIndex(index);
        ulong mask = 1UL << (index & 63);
        ref ulong word = ref _words[index >> 6];
        word = (value & 1) != 0 ? word | mask : word & ~mask;
    }

    /// <summary>Inverts bit <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Flip(int index)
    {
        CheckIndex(index);
        _words[index >> 6] ^= 1UL << (index & 63);
    }

    /// <summary>Appends one bit (the low bit of <paramref name="value"/>).</summary>
    public void Append(int value)
    {
        EnsureCapacity(_length + 1);
        if ((value & 1) != 0)
        {
            _words[_length >> 6] |= 1UL << (_length & 63);
        }

        _length++;
    }

    /// <summary>Appends <paramref name="count"/> bits of <paramref name="source"/> starting at bit <paramref name="start"/>.</summary>
    public void AppendBits(ReadOnlySpan<ulong> source, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, (long)source.Length * 64);
        EnsureCapacity(_length + count);
        int done = 0;
        while (done < count)
        {
            int take = Math.Min(64, count - done);
            ulong bits = ReadBits(source, start + done, take);
            WriteBitsAtEnd(bits, take);
            done += take;
        }
    }

    /// <summary>Appends the low <paramref name="count"/> bits (0..64) of <paramref name="bits"/>, bit 0 first; higher bits are ignored.</summary>
    public void AppendLowBits(ulong bits, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 64);
        if (count == 0)
        {
            return;
        }

        EnsureCapacity(_length + count);
        WriteBitsAtEnd(count == 64 ? bits : bits & ((1UL << count) - 1), count);
    }

    /// <summary>Appends all bits of <paramref name="other"/>.</summary>
    public void AppendBits(BitVector other) => AppendBits(other.Words, 0, other.Length);

    /// <summary>Copies <paramref name="count"/> bits starting at <paramref name="start"/> into a new vector.</summary>
    public BitVector Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, _length);
        var slice = new BitVector(count);
        slice.AppendBits(Words, start, count);
        return slice;
    }

    /// <summary>Drops the first <paramref name="count"/> bits, moving the rest down (zeroing what is vacated).</summary>
    public void RemoveFirst(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _length);
        int remaining = _length - count;
        int oldWords = WordCount(_length);
        for (int done = 0; done < remaining; done += 64)
        {
            int take = Math.Min(64, remaining - done);
            _words[done >> 6] = ReadBits(_words, count + done, take);
        }

        _length = remaining;
        _words.AsSpan(WordCount(remaining), oldWords - WordCount(remaining)).Clear();
        ClearTail();
    }

    /// <summary>Parity (0 or 1) of the bits in [start, start + count).</summary>
    public int Parity(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, _length);
        return RangeParity(_words, start, count);
    }

    /// <summary>Parity of bits [start, start + count) of a packed word span.</summary>
    public static int RangeParity(ReadOnlySpan<ulong> words, int start, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        int end = start + count;
        int firstWord = start >> 6;
        int lastWord = (end - 1) >> 6;
        ulong firstMask = ~0UL << (start & 63);
        ulong lastMask = ~0UL >> (63 - ((end - 1) & 63));
        if (firstWord == lastWord)
        {
            return BitOperations.PopCount(words[firstWord] & firstMask & lastMask) & 1;
        }

        ulong acc = (words[firstWord] & firstMask) ^ (words[lastWord] & lastMask);
        for (int w = firstWord + 1; w < lastWord; w++)
        {
            acc ^= words[w];
        }

        return BitOperations.PopCount(acc) & 1;
    }

    /// <summary>Number of positions where this vector and <paramref name="other"/> (of equal length) differ.</summary>
    public int CountDifferences(BitVector other)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(other.Length, _length);
        ReadOnlySpan<ulong> a = Words;
        ReadOnlySpan<ulong> b = other.Words;
        int count = 0;
        for (int i = 0; i < a.Length; i++)
        {
            count += BitOperations.PopCount(a[i] ^ b[i]);
        }

        return count;
    }

    /// <summary>Bit-for-bit equality.</summary>
    public bool ContentEquals(BitVector other) =>
        other.Length == _length && Words.SequenceEqual(other.Words);

    /// <summary>Copies the bits to bytes (bit i is bit i%8 of byte i/8); <paramref name="destination"/> needs (Length+7)/8 bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        int bytes = (_length + 7) >> 3;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, bytes);
        for (int i = 0; i < bytes; i++)
        {
            destination[i] = (byte)(_words[i >> 3] >> ((i & 7) * 8));
        }
    }

    /// <summary>Zeroes every bit and sets the length to 0, keeping the buffer.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_words.AsSpan()));
        _length = 0;
    }

    /// <summary>Zeroes the contents and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        ulong[] words = _words;
        _words = [];
        _length = 0;
        if (words.Length > 0)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
            ArrayPool<ulong>.Shared.Return(words);
        }
    }

    /// <summary>Reads up to 64 bits starting at bit <paramref name="start"/> of a packed span (low bits first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadBits(ReadOnlySpan<ulong> source, int start, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        int word = start >> 6;
        int shift = start & 63;
        ulong value = source[word] >> shift;
        if (shift != 0 && shift + count > 64)
        {
            value |= source[word + 1] << (64 - shift);
        }

        return count == 64 ? value : value & ((1UL << count) - 1);
    }

    private void WriteBitsAtEnd(ulong bits, int count)
    {
        int word = _length >> 6;
        int shift = _length & 63;
        _words[word] |= bits << shift;
        if (shift != 0 && shift + count > 64)
        {
            _words[word + 1] |= bits >> (64 - shift);
        }

        _length += count;
    }

    private void EnsureCapacity(int bits)
    {
        int needed = WordCount(bits);
        if (needed <= _words.Length)
        {
            return;
        }

        ulong[] grown = RentZeroed(Math.Max(needed, _words.Length * 2));
        _words.AsSpan(0, WordCount(_length)).CopyTo(grown);
        ulong[] old = _words;
        _words = grown;
        if (old.Length > 0)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(old.AsSpan()));
            ArrayPool<ulong>.Shared.Return(old);
        }
    }

    private void ClearTail()
    {
        if ((_length & 63) != 0)
        {
            _words[_length >> 6] &= (1UL << (_length & 63)) - 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_length)
        {
            ThrowIndex(index);
        }
    }

    private static void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "Bit index outside the vector.");

    private static ulong[] RentZeroed(int words)
    {
        ulong[] array = ArrayPool<ulong>.Shared.Rent(words);
        Array.Clear(array);
        return array;
    }
}
