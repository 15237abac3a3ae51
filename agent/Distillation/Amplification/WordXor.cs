using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NodeAgent.Distillation.Amplification;

/// <summary>Word-wise XOR of spans, vectorised where the CPU allows (shared by the Karatsuba and FFT paths).</summary>
internal static class WordXor
{
    /// <summary>destination = left ⊕ right over destination.Length words.</summary>
    public static void Xor(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> destination)
    {
        int length = destination.Length;
        if (left.Length < length || right.Length < length)
        {
            throw new ArgumentException("The operands are shorter than the destination.", nameof(destination));
        }

        ref ulong l = ref MemoryMarshal.GetReference(left);
        ref ulong r = ref MemoryMarshal.GetReference(right);
        ref ulong o = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - 4; i += 4)
            {
                (Vector256.LoadUnsafe(ref l, (nuint)i) ^ Vector256.LoadUnsafe(ref r, (nuint)i)).StoreUnsafe(ref o, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - 2; i += 2)
            {
                (Vector128.LoadUnsafe(ref l, (nuint)i) ^ Vector128.LoadUnsafe(ref r, (nuint)i)).StoreUnsafe(ref o, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            destination[i] = left[i] ^ right[i];
        }
    }

    /// <summary>destination ^= source over destination.Length words.</summary>
    public static void XorInto(Span<ulong> destination, ReadOnlySpan<ulong> source) => Xor(destination, source, destination);
}
