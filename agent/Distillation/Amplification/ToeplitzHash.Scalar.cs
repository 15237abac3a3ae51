using System.Buffers;
using System.Numerics;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Amplification;

public static partial class ToeplitzHash
{
    // Seeds up to this many words are copied to the stack, larger ones to a pooled array. ([SkipLocalsInit] would
    // need AllowUnsafeBlocks, which the repository's build policy turns off; zeroing 2 KiB is negligible here.)
    private const int StackSeedWords = 256;

    /// <summary>
    /// The reference behind <see cref="ComputeReference"/>, the oracle for the Karatsuba path: for every set input bit j, XOR the m-bit seed window starting at bit n − 1 − j into the
    /// output, each output word built by merging two shifted seed words. O(n·m/64).
    /// </summary>
    /// <remarks>
    /// Work (not the result) depends on the input's Hamming weight, since only set bits are visited; the seed is public,
    /// so the padded copy made here holds no secret.
    /// </remarks>
    private static void ComputeScalar(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, int seedBits, Span<ulong> output, int outputBits)
    {
        // One zero word of padding lets every window read word q + w + 1 without a bounds special case.
        int seedWords = BitVector.WordCount(seedBits);
        int paddedWords = seedWords + 1;
        ulong[]? rented = null;
        Span<ulong> padded = paddedWords <= StackSeedWords
            ? stackalloc ulong[StackSeedWords]
            : (rented = ArrayPool<ulong>.Shared.Rent(paddedWords));
        padded = padded[..paddedWords];
        seed[..seedWords].CopyTo(padded);
        padded[seedWords] = 0;

        output.Clear();
        int inputWords = BitVector.WordCount(inputBits);
        for (int w = 0; w < inputWords; w++)
        {
            ulong bits = input[w];
            if (w == inputWords - 1 && (inputBits & 63) != 0)
            {
                bits &= (1UL << (inputBits & 63)) - 1;
            }

            while (bits != 0)
            {
                int j = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                XorWindow(padded, inputBits - 1 - j, output);
            }
        }

        if ((outputBits & 63) != 0)
        {
            output[^1] &= (1UL << (outputBits & 63)) - 1;
        }

        if (rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>output ^= seed bits [offset, offset + 64·output.Length); the caller masks the tail.</summary>
    private static void XorWindow(ReadOnlySpan<ulong> seed, int offset, Span<ulong> output)
    {
        int q = offset >> 6;
        int shift = offset & 63;
        if (shift == 0)
        {
            for (int w = 0; w < output.Length; w++)
            {
                output[w] ^= seed[q + w];
            }

            return;
        }

        // The window's last word may need seed[q + output.Length], which the padding guarantees exists.
        for (int w = 0; w < output.Length; w++)
        {
            output[w] ^= (seed[q + w] >> shift) | (seed[q + w + 1] << (64 - shift));
        }
    }
}
