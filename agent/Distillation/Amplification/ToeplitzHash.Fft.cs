using System.Buffers;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Amplification;

// y = T·x by an additive FFT over GF(2^64), for large blocks (Kronecker substitution into GF(2^64)[z]).
//
// Embedding. Cut a bit polynomial into 32-bit chunks, chunk k the coefficient of z^k, a field element of degree < 32.
// The product of two chunks has degree ≤ 62 < 64, so in GF(2^64) it is the plain carry-less product (no reduction
// happens), and a sum of them is their XOR: each coefficient of the product in GF(2^64)[z] is exactly the 63-bit
// GF(2)[x] polynomial Σ a_i·b_(k−i), and the bit product is Σ_k c_k·x^(32k), an overlapping add. The product in
// GF(2^64)[z] is computed by NovelBasis + AdditiveFft (evaluate at 2^K points, multiply pointwise, interpolate),
// which is exact when the product has fewer than 2^K coefficients.
//
// Column blocks. Only the m middle bits of S·X are wanted, so the columns of T are cut into q blocks of w bits and
//
//   y = Σ_c T_c·x_c,   T_c[i, t] = s[i − t + w − 1 + off_c],  off_c = n − w − c·w,
//
// each T_c an m × w Toeplitz matrix whose product is bits [w − 1, w − 1 + m) of S_c·X_c, with S_c the seed bits
// [off_c, off_c + w + m − 1) (zero outside the seed; a negative off_c only meets input bits past n, which are zero) and
// X_c the input bits [c·w, c·w + w). All blocks share that alignment, so the q products are summed in the evaluation
// domain and interpolated once: 2q forward transforms and one inverse of 2^K points, where the q products must fit:
// ⌈(w + m − 1)/32⌉ + ⌈w/32⌉ − 1 ≤ 2^K. Smaller w means smaller, more cache-friendly transforms but more of them;
// FftPlan picks (K, w) by a cost model. Only sizes enter that choice.
public static partial class ToeplitzHash
{
    // Bits per chunk: two chunks multiply to degree ≤ 62, inside one GF(2^64) element.
    private const int ChunkBits = 32;

    /// <summary>The transform size log2 and column-block width in bits that the FFT path uses (for tests and docs).</summary>
    internal static (int Log2Points, int BlockBits) FftPlan(int inputBits, int outputBits) =>
        FftPlanAndCost(inputBits, outputBits).Plan;

    /// <summary>The FFT plan and its modelled cost, in butterflies (see the loop).</summary>
    internal static ((int Log2Points, int BlockBits) Plan, double Cost) FftPlanAndCost(int inputBits, int outputBits)
    {
        CheckSizes(inputBits, outputBits);
        (int Log2Points, int BlockBits) best = (-1, 0);
        double bestCost = double.MaxValue;
        long outputChunks = (outputBits - 1 + ChunkBits - 1) / ChunkBits; // ⌈(m − 1)/32⌉
        for (int k = 1; k <= 30; k++)
        {
            // With w = 32·b: ⌈(w + m − 1)/32⌉ + ⌈w/32⌉ − 1 = 2b + ⌈(m − 1)/32⌉ − 1 ≤ 2^k.
            long points = 1L << k;
            long widest = Math.Min(inputBits, ChunkBits * ((points + 1 - outputChunks) / 2));
            if (widest < 1)
            {
                continue;
            }

            // As many blocks as needed, then as narrow as they can be (fewer zero chunks).
            long blocks = (inputBits + widest - 1) / widest;
            long width = (inputBits + blocks - 1) / blocks;

            // 2q + 1 transforms of 2^k points, k levels each plus about two levels' worth of basis conversion.
            double cost = ((2.0 * blocks) + 1) * points * (k + 2);
            if (cost < bestCost)
            {
                (best, bestCost) = ((k, (int)width), cost);
            }

            if (blocks == 1)
            {
                break;
            }
        }

        return (best, bestCost);
    }

    /// <summary>
    /// Whether <see cref="Compute"/> takes the FFT path: when its modelled time is below Karatsuba's. Both models count
    /// their own unit (butterflies; base-case multiplies); the factors convert them to time, fitted to stopwatch runs
    /// over 2^16 … 2^24-bit blocks and output lengths from 2^10 bits to n on the development machine (AMD EPYC): with
    /// CLMUL a butterfly unit costs ≈ 0.8 ns against ≈ 0.46 ns per Karatsuba unit, portable ≈ 7.7 against ≈ 13.7 ns.
    /// For m = n/2 that puts the crossover near n = 2^18 with CLMUL and 2^19 portable. Sizes only: no key dependence.
    /// </summary>
    internal static bool UsesFft(int inputBits, int outputBits, bool portable)
    {
        double fft = FftPlanAndCost(inputBits, outputBits).Cost * (portable ? 7.7 : 0.8);
        double karatsuba = KaratsubaCost(inputBits, outputBits, portable) * (portable ? 13.7 : 0.46);
        return fft < karatsuba;
    }

    /// <summary>Pooled words of the FFT path: an accumulator and two transforms of 2^K words each.</summary>
    internal static long FftScratchWords(int inputBits, int outputBits) => 3L << FftPlan(inputBits, outputBits).Log2Points;

    /// <summary><see cref="Compute"/> forced onto the FFT method, on the hardware multiply when present (for tests).</summary>
    internal static void ComputeFft(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, Span<ulong> output, int outputBits)
    {
        int seedBits = Validate(input, inputBits, seed, output, outputBits);
        output = output[..BitVector.WordCount(outputBits)];
        if (CarrylessMultiply.IsHardwareAccelerated)
        {
            ComputeFft<ClmulGf64Kernel>(input, inputBits, seed, seedBits, output, outputBits);
        }
        else
        {
            ComputeFft<PortableGf64Kernel>(input, inputBits, seed, seedBits, output, outputBits);
        }
    }

    /// <summary><see cref="Compute"/> forced onto the FFT method with the portable multiply (for tests).</summary>
    internal static void ComputeFftPortable(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, Span<ulong> output, int outputBits)
    {
        int seedBits = Validate(input, inputBits, seed, output, outputBits);
        ComputeFft<PortableGf64Kernel>(input, inputBits, seed, seedBits, output[..BitVector.WordCount(outputBits)], outputBits);
    }

    private static void ComputeFft<TKernel>(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, int seedBits, Span<ulong> output, int outputBits)
        where TKernel : struct, IGf64Kernel
    {
        (int k, int w) = FftPlan(inputBits, outputBits);
        int points = 1 << k;
        int blocks = (inputBits + w - 1) / w;

        // Three pooled arrays of 2^K words (the pool rounds up to a power of two, so one array of 3·2^K would hold
        // 4·2^K), and the portable multiply's table on the stack.
        ulong[] accumulatorArray = ArrayPool<ulong>.Shared.Rent(points);
        ulong[] seedArray = ArrayPool<ulong>.Shared.Rent(points);
        ulong[] inputArray = ArrayPool<ulong>.Shared.Rent(points);
        Span<ulong> accumulator = accumulatorArray.AsSpan(0, points);
        Span<ulong> seedTransform = seedArray.AsSpan(0, points);
        Span<ulong> inputTransform = inputArray.AsSpan(0, points);
        Span<ulong> table = stackalloc ulong[CarrylessMultiply.TableWords];
        try
        {
            accumulator.Clear();
            int seedLength = w + outputBits - 1;
            for (int c = 0; c < blocks; c++)
            {
                long offset = (long)inputBits - w - ((long)c * w);
                int seedChunks = LoadChunks(seed, seedBits, offset, seedLength, seedTransform);
                NovelBasis.FromMonomial(seedTransform, k, seedChunks);
                AdditiveFft.Forward<TKernel>(seedTransform, seedChunks, table);

                int inputChunks = LoadChunks(input, inputBits, (long)c * w, w, inputTransform);
                NovelBasis.FromMonomial(inputTransform, k, inputChunks);
                AdditiveFft.Forward<TKernel>(inputTransform, inputChunks, table);

                TKernel.MultiplyAccumulate(accumulator, seedTransform, inputTransform, table);
            }

            AdditiveFft.Inverse<TKernel>(accumulator, table);
            NovelBasis.ToMonomial(accumulator, k);
            ExtractBits(accumulator, w - 1, output);
            if ((outputBits & 63) != 0)
            {
                output[^1] &= (1UL << (outputBits & 63)) - 1;
            }
        }
        finally
        {
            // All but the seed's transform derives from the key (the table too).
            accumulator.Clear();
            seedTransform.Clear();
            inputTransform.Clear();
            table.Clear();
            ArrayPool<ulong>.Shared.Return(inputArray);
            ArrayPool<ulong>.Shared.Return(seedArray);
            ArrayPool<ulong>.Shared.Return(accumulatorArray);
        }
    }

    /// <summary>
    /// Writes bits [start, start + length) of <paramref name="source"/> (zero outside [0, limitBits)) as 32-bit chunks,
    /// one per word of <paramref name="chunks"/>, zero after them; returns the number of chunks.
    /// </summary>
    private static int LoadChunks(ReadOnlySpan<ulong> source, int limitBits, long start, int length, Span<ulong> chunks)
    {
        int count = (length + ChunkBits - 1) / ChunkBits;
        int pairs = (count + 1) / 2;

        // Pairs of chunks are 64-bit windows at start + 64t. Inside the source (both words it spans below limitBits)
        // a window is two shifted words, with the same shift for all of them; the few at the edges take BitsAt.
        int shift = (int)(start & 63);
        long firstWord = start >> 6;
        int fullWords = limitBits >> 6;
        int t = 0;
        for (; t < pairs && firstWord + t < 0; t++)
        {
            StorePair(chunks, t, count, BitsAt(source, limitBits, start + (64L * t)));
        }

        int interiorEnd = (int)Math.Min(pairs, fullWords - 1 - firstWord);
        if (shift == 0)
        {
            for (; t < interiorEnd; t++)
            {
                StorePair(chunks, t, count, source[(int)firstWord + t]);
            }
        }
        else
        {
            for (; t < interiorEnd; t++)
            {
                int word = (int)firstWord + t;
                StorePair(chunks, t, count, (source[word] >> shift) | (source[word + 1] << (64 - shift)));
            }
        }

        for (; t < pairs; t++)
        {
            StorePair(chunks, t, count, BitsAt(source, limitBits, start + (64L * t)));
        }

        int lastBits = length - ((count - 1) * ChunkBits);
        chunks[count - 1] &= lastBits == 64 ? ulong.MaxValue : (1UL << lastBits) - 1;
        chunks[count..].Clear();
        return count;
    }

    /// <summary>Chunks 2t and 2t + 1 (if below count) from a 64-bit window.</summary>
    private static void StorePair(Span<ulong> chunks, int t, int count, ulong window)
    {
        chunks[2 * t] = window & uint.MaxValue;
        if ((2 * t) + 1 < count)
        {
            chunks[(2 * t) + 1] = window >> 32;
        }
    }

    /// <summary>64 bits of source from bit <paramref name="position"/> (may be negative), zero outside [0, limitBits).</summary>
    private static ulong BitsAt(ReadOnlySpan<ulong> source, int limitBits, long position)
    {
        if (position < 0)
        {
            return position <= -64 ? 0 : WordBelow(source, limitBits, 0) << (int)-position;
        }

        int word = (int)(position >> 6);
        int shift = (int)(position & 63);
        ulong low = WordBelow(source, limitBits, word) >> shift;
        return shift == 0 ? low : low | (WordBelow(source, limitBits, word + 1) << (64 - shift));
    }

    /// <summary>Word <paramref name="index"/> of source with the bits at or past limitBits cleared.</summary>
    private static ulong WordBelow(ReadOnlySpan<ulong> source, int limitBits, int index)
    {
        long first = (long)index << 6;
        if (first >= limitBits)
        {
            return 0;
        }

        int valid = (int)Math.Min(64, limitBits - first);
        return valid == 64 ? source[index] : source[index] & ((1UL << valid) - 1);
    }

    /// <summary>output = bits [start, start + 64·output.Length) of the product Σ_k c_k·x^(32k), c_k = coefficients[k].</summary>
    private static void ExtractBits(ReadOnlySpan<ulong> coefficients, int start, Span<ulong> output)
    {
        int shift = start & 63;
        int word = start >> 6;
        for (int t = 0; t < output.Length; t++)
        {
            ulong low = ProductWord(coefficients, word + t) >> shift;
            output[t] = shift == 0 ? low : low | (ProductWord(coefficients, word + t + 1) << (64 - shift));
        }
    }

    /// <summary>Bits [64v, 64v + 64) of Σ_k c_k·x^(32k): c_(2v), the high half of c_(2v−1) and the low half of c_(2v+1).</summary>
    private static ulong ProductWord(ReadOnlySpan<ulong> c, int v)
    {
        ulong word = 0;
        if (2 * v < c.Length)
        {
            word = c[2 * v];
        }

        if ((2 * v) + 1 < c.Length)
        {
            word ^= c[(2 * v) + 1] << 32;
        }

        if (v > 0 && (2 * v) - 1 < c.Length)
        {
            word ^= c[(2 * v) - 1] >> 32;
        }

        return word;
    }
}
