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
/// bits of x; <see cref="ComputeReference"/> does just that. <see cref="Compute"/> gets the same bits as a middle product
/// of polynomials over GF(2), by Karatsuba (ToeplitzHash.Karatsuba.cs) for small blocks and by an additive FFT over
/// GF(2^64) (ToeplitzHash.Fft.cs) for large ones. All spans are packed LSB-first (bit i of word i/64). Stateless and
/// thread-safe.
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
    /// <remarks>
    /// Computed as a middle product of polynomials by one of two methods, chosen by a cost model of each from n and m
    /// only (<c>UsesFft</c>; for m = n/2 the FFT takes over near n = 2^18 bits):
    /// <list type="bullet">
    /// <item>Karatsuba (<c>ToeplitzHash.Karatsuba.cs</c>): O(n^1.585) carry-less 64×64-bit multiplies;</item>
    /// <item>an additive FFT (<c>ToeplitzHash.Fft.cs</c>): 32-bit chunks as elements of GF(2^64), the Lin–Chung–Han
    /// transform on a Cantor basis, O(n log n) field multiplies; 2^27 → 2^26 bits in 0.53–0.95 s on the shared
    /// development machine, against about 10 s by Karatsuba. Its pooled scratch is three arrays of 2^K words, K the
    /// log2 of the transform length: 96 MiB at 2^27 → 2^26 bits.</item>
    /// </list>
    /// Both use PCLMULQDQ/VPCLMULQDQ or PMULL where the CPU has them and a portable table method otherwise, and give
    /// the same bits. Constant-time in the key: the code never branches on input bits, and its memory addresses depend
    /// only on n, m and the seed (which is public, sent in the clear), so the time does not depend on the input's Hamming
    /// weight or value. Scratch is pooled and zeroed before it goes back to the pool; nothing else is allocated.
    /// </remarks>
    public static void Compute(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, Span<ulong> output, int outputBits)
    {
        int seedBits = Validate(input, inputBits, seed, output, outputBits);
        output = output[..BitVector.WordCount(outputBits)];
        bool hardware = CarrylessMultiply.IsHardwareAccelerated;
        if (UsesFft(inputBits, outputBits, portable: !hardware))
        {
            if (hardware)
            {
                ComputeFft<ClmulGf64Kernel>(input, inputBits, seed, seedBits, output, outputBits);
            }
            else
            {
                ComputeFft<PortableGf64Kernel>(input, inputBits, seed, seedBits, output, outputBits);
            }
        }
        else if (hardware)
        {
            ComputeKaratsuba<ClmulBaseCase>(input, inputBits, seed, seedBits, output, outputBits);
        }
        else
        {
            ComputeKaratsuba<PortableBaseCase>(input, inputBits, seed, seedBits, output, outputBits);
        }
    }

    /// <summary>
    /// The same product by the original word-wise window XOR, kept as the oracle the fast path is tested against and
    /// as the benchmark baseline. O(n·m/64), and its time grows with the input's Hamming weight: not for production.
    /// </summary>
    public static void ComputeReference(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, Span<ulong> output, int outputBits)
    {
        int seedBits = Validate(input, inputBits, seed, output, outputBits);
        ComputeScalar(input, inputBits, seed, seedBits, output[..BitVector.WordCount(outputBits)], outputBits);
    }

    /// <summary>True when <see cref="Compute"/> uses a hardware carry-less multiply (PCLMULQDQ or PMULL).</summary>
    internal static bool IsHardwareAccelerated => CarrylessMultiply.IsHardwareAccelerated;

    /// <summary>The Karatsuba path on the portable carry-less multiply at any size, whatever the CPU has (for tests).</summary>
    internal static void ComputePortable(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, Span<ulong> output, int outputBits)
    {
        int seedBits = Validate(input, inputBits, seed, output, outputBits);
        ComputeKaratsuba<PortableBaseCase>(input, inputBits, seed, seedBits, output[..BitVector.WordCount(outputBits)], outputBits);
    }

    /// <summary><see cref="Compute"/> forced onto Karatsuba (hardware multiply when present) at any size (for tests).</summary>
    internal static void ComputeWithKaratsuba(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, Span<ulong> output, int outputBits)
    {
        if (!CarrylessMultiply.IsHardwareAccelerated)
        {
            ComputePortable(input, inputBits, seed, output, outputBits);
            return;
        }

        int seedBits = Validate(input, inputBits, seed, output, outputBits);
        ComputeKaratsuba<ClmulBaseCase>(input, inputBits, seed, seedBits, output[..BitVector.WordCount(outputBits)], outputBits);
    }

    private static int Validate(
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

        return seedBits;
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
