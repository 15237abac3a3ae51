using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// Privacy amplification by a random Toeplitz matrix, a 2-universal family (Carter &amp; Wegman, JCSS 18, 143 (1979);
/// Krawczyk, CRYPTO '94), so the leftover hash lemma (Impagliazzo, Levin &amp; Luby, STOC '89) bounds what an
/// eavesdropper knows about the output.
/// </summary>
/// <remarks>
/// For an n-bit input x, an m-bit output and a seed s of n + m − 1 bits, the m×n matrix is T[i, j] = s[i − j + n − 1]
/// (constant along diagonals) and the output is y = T·x over GF(2):
/// <code>
///            j = 0        j = 1        …   j = n−1
///   i = 0  [ s[n−1]       s[n−2]       …   s[0]     ]
///   i = 1  [ s[n]         s[n−1]       …   s[1]     ]
///   …
///   i = m−1[ s[n+m−2]     s[n+m−3]     …   s[m−1]   ]
/// </code>
/// Column j is the m-bit window of the seed starting at bit n − 1 − j, so y is the XOR of those windows over the set
/// bits of x. All spans are packed LSB-first (bit i of word i/64). Stateless and thread-safe.
/// </remarks>
public static partial class ToeplitzHash
{
    /// <summary>Seed length n + m − 1 for an n-bit input and m-bit output.</summary>
    public static int SeedBits(int inputBits, int outputBits)
    {
        CheckSizes(inputBits, outputBits);
        long bits = (long)inputBits + outputBits - 1;
        if (bits > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(outputBits), outputBits, "The seed would exceed int.MaxValue bits.");
        }

        return (int)bits;
    }

    /// <summary>
    /// Writes y = T·x to the first ⌈m/64⌉ words of <paramref name="output"/>, with the unused tail bits of its last word
    /// zeroed. Input bits past <paramref name="inputBits"/> and seed bits past the seed length are ignored.
    /// </summary>
    public static void Compute(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, Span<ulong> output, int outputBits)
    {
        int seedBits = SeedBits(inputBits, outputBits);
        if (input.Length < BitVector.WordCount(inputBits))
        {
            throw new ArgumentException(
                $"A {inputBits}-bit input needs {BitVector.WordCount(inputBits)} words but the span holds {input.Length}.", nameof(input));
        }

        if (seed.Length < BitVector.WordCount(seedBits))
        {
            throw new ArgumentException(
                $"The seed needs {seedBits} bits ({BitVector.WordCount(seedBits)} words) but the span holds {seed.Length} words.", nameof(seed));
        }

        if (output.Length < BitVector.WordCount(outputBits))
        {
            throw new ArgumentException(
                $"A {outputBits}-bit output needs {BitVector.WordCount(outputBits)} words but the span holds {output.Length}.", nameof(output));
        }

        ComputeScalar(input, inputBits, seed, seedBits, output[..BitVector.WordCount(outputBits)], outputBits);
    }

    private static void CheckSizes(int inputBits, int outputBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputBits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputBits, 1);
        if (outputBits > inputBits)
        {
            throw new ArgumentException(
                $"The output ({outputBits} bits) must not be longer than the input ({inputBits} bits).", nameof(outputBits));
        }
    }
}
