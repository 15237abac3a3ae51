using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Amplification;

// y = T·x as a middle product over GF(2)[z], by Karatsuba on the transposed (Hankel) form.
//
// Index mapping. With S(z) = Σ s_k z^k and X(z) = Σ x_j z^j, the coefficient of z^(i+n−1) in S·X is
// Σ_j x_j s_(i+n−1−j) = y_i (T[i, j] = s[i − j + n − 1], see ToeplitzHash.cs), so y is bits [n − 1, n − 1 + m) of S·X.
// In words (nx = ⌈n/64⌉, ny = ⌈m/64⌉, ρ = (n − 1) mod 64):
//
//   b[j]  = X word nx − 1 − j               (input words reversed, tail bits past n cleared)    j ∈ [0, nx)
//   A'[v] = seed bits [64v + ρ, 64v + ρ + 64) (past the seed's n + m − 1 bits: zero)            v ∈ [0, nx + ny − 1)
//   A0    = seed bits [0, ρ) placed at bits [64 − ρ, 64)  (zero when ρ = 0)
//   C_k   = Σ_j A'[k + j] · b[j]             (128-bit carry-less products)                     k ∈ [0, ny)
//   C_−1  = A0 · b[0] ⊕ Σ_(j≥1) A'[j − 1] · b[j]
//   y word w = lo(C_w) ⊕ hi(C_(w−1))
//
// because word K = nx + w of (z^(64 − ρ)·S)·X is y word w, and A'/A0 are the words of z^(64 − ρ)·S from word 1 / 0.
// So y is an ny × nx Hankel matrix H[k, j] = A'[k + j] of 64-bit words times b, with results added at a one-word
// offset ("D form": D[k] ^= lo(C_k), D[k + 1] ^= hi(C_k)), plus the one extra row C_−1 for the high half of y's first word.
//
// Karatsuba for Hankel (transposed Karatsuba; Bostan, Lecerf & Schost, "Tellegen's principle into practice", ISSAC
// 2003; Hanrot, Quercia & Zimmermann, "The middle product algorithm I", AAECC 14, 2004). For a square N × N Hankel
// block H[i, j] = a[i + j] (a has 2N − 1 words) and h = N/2:
//
//   [ y0 ]   [ H0  H1 ] [ x0 ]      H0 from a[0, 2h − 1), H1 from a[h, 3h − 1), H2 from a[2h, 4h − 1)
//   [ y1 ] = [ H1  H2 ] [ x1 ]
//
//   P0 = H1·(x0 ⊕ x1),  P1 = (H0 ⊕ H1)·x0,  P2 = (H2 ⊕ H1)·x1,  y0 = P0 ⊕ P1,  y1 = P0 ⊕ P2
//
// three half-size products instead of four, O(N^log2 3) word multiplies, and the N-wide output comes out directly
// (a full product would compute the n + m − 1 + n words of S·X and throw most away).
//
// Tiling. The ny × nx matrix is covered without padding: a band of squares of side N = t·2^k (the largest such N ≤ the
// shorter side with t in the base case's range, so every level of the recursion halves evenly), then the leftover
// columns and rows, each a thinner Hankel matrix tiled the same way. A sliver one word wide costs one multiply per word
// of the other side, so sizes just past a power of two cost hardly more than it; sizes just below one are zero-padded
// up to it instead when that is cheaper (ToeplitzHash.Layout.cs).
public static partial class ToeplitzHash
{
    // Scratch up to this many words lives on the stack, larger scratch in one pooled array.
    private const int StackScratchWords = 512;

    /// <summary>A Hankel base case: d[i .. i + 1] ^= Σ_j a[i + j]·x[j] for i &lt; d.Length − 1, as 128-bit products.</summary>
    private interface IHankelBaseCase
    {
        /// <summary>Largest square block multiplied directly rather than split by Karatsuba.</summary>
        static abstract int BaseWords { get; }

        /// <summary>Smallest square block worth ending the recursion on (Tile uses squares t·2^k, t in between).</summary>
        static abstract int SmallestBaseWords { get; }

        /// <summary>Scratch words the base case needs for its tables (zero if none).</summary>
        static abstract int TableWords { get; }

        /// <summary>Estimated time of <see cref="Multiply"/> on rows × cols, in multiplies (for the layout choice).</summary>
        static abstract double Cost(int rows, int cols);

        /// <summary>Estimated time of one Karatsuba step on an N × N block besides its three halves, in multiplies.</summary>
        static abstract double StepCost(int n);

        /// <summary>
        /// Adds the rows × cols Hankel product into <paramref name="d"/> (rows + 1 words), cols = x.Length;
        /// <paramref name="a"/> holds at least rows + cols − 1 words. Public data (the seed) goes in a, secret in x.
        /// </summary>
        static abstract void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> x, Span<ulong> d, Span<ulong> tables);
    }

    private static void ComputeKaratsuba<TBase>(
        ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, int seedBits, Span<ulong> output, int outputBits)
        where TBase : struct, IHankelBaseCase
    {
        int nx = BitVector.WordCount(inputBits);
        int ny = output.Length;
        (int rows, int cols) = Layout<TBase>(nx, ny);
        int total = ScratchWords<TBase>(rows, cols);
        ulong[]? rented = null;
        Span<ulong> scratch = total <= StackScratchWords
            ? stackalloc ulong[StackScratchWords]
            : (rented = ArrayPool<ulong>.Shared.Rent(total));
        scratch = scratch[..total];
        try
        {
            // Layout (rows ≥ ny and cols ≥ nx, zero-padded): b, then a = A0 and A', then d, C_−1, tables, Karatsuba.
            scratch.Clear();
            Span<ulong> b = scratch[..cols];
            Span<ulong> a = scratch.Slice(cols, rows + cols);
            Span<ulong> d = scratch.Slice(rows + (2 * cols), rows + 1);
            Span<ulong> first = scratch.Slice((2 * rows) + (2 * cols) + 1, 2);
            Span<ulong> tables = scratch.Slice((2 * rows) + (2 * cols) + 3, TBase.TableWords);
            Span<ulong> karatsuba = scratch[((2 * rows) + (2 * cols) + 3 + TBase.TableWords)..];

            ReverseInput(input, inputBits, b[..nx]);
            AlignSeed(seed, seedBits, (inputBits - 1) & 63, a[..(nx + ny)]);
            Tile<TBase>(a[1..], b, d, karatsuba, tables);

            // C_−1 = Σ_j A[j]·b[j]: only its high word is used, for y's first word.
            TBase.Multiply(a[..nx], b[..nx], first, tables);
            d[..ny].CopyTo(output);
            output[0] ^= first[1];
            if ((outputBits & 63) != 0)
            {
                output[^1] &= (1UL << (outputBits & 63)) - 1;
            }
        }
        finally
        {
            // Everything here but the seed words is derived from the key.
            scratch.Clear();
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Adds the (d.Length − 1) × x.Length Hankel product H[i, j] = a[i + j] times x into d (D form), tiled into squares
    /// for <see cref="Hankel"/> and thinner leftovers (see the tiling note above).
    /// </summary>
    private static void Tile<TBase>(
        ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> x, Span<ulong> d, Span<ulong> scratch, Span<ulong> tables)
        where TBase : struct, IHankelBaseCase
    {
        int rows = d.Length - 1;
        int cols = x.Length;
        int side = Math.Min(rows, cols);
        if (side <= TBase.BaseWords)
        {
            TBase.Multiply(a[..(rows + cols - 1)], x, d, tables);
            return;
        }

        int square = SquareBelow<TBase>(side);
        int count = Math.Max(rows, cols) / square;
        for (int k = 0; k < count; k++)
        {
            // Squares along the longer side: k-th column block of the first row band, or k-th row block of the first
            // column band. Either way the generator starts at a[k·square].
            int offset = k * square;
            ReadOnlySpan<ulong> block = a.Slice(offset, (2 * square) - 1);
            if (rows <= cols)
            {
                Hankel<TBase>(block, x.Slice(offset, square), d[..(square + 1)], scratch, tables);
            }
            else
            {
                Hankel<TBase>(block, x[..square], d.Slice(offset, square + 1), scratch, tables);
            }
        }

        int covered = count * square;
        if (rows <= cols)
        {
            if (covered < cols)
            {
                Tile<TBase>(a[covered..], x[covered..], d[..(square + 1)], scratch, tables); // right of the band
            }

            if (square < rows)
            {
                Tile<TBase>(a[square..], x, d[square..], scratch, tables);                 // rows below the band
            }
        }
        else
        {
            if (covered < rows)
            {
                Tile<TBase>(a[covered..], x[..square], d[covered..], scratch, tables);     // below the band
            }

            if (square < cols)
            {
                Tile<TBase>(a[square..], x[square..], d, scratch, tables);                 // columns right of the band
            }
        }
    }

    /// <summary>Adds the N × N Hankel product H[i, j] = a[i + j] times x into d (N + 1 words, D form); N = t·2^k.</summary>
    private static void Hankel<TBase>(
        ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> x, Span<ulong> d, Span<ulong> scratch, Span<ulong> tables)
        where TBase : struct, IHankelBaseCase
    {
        int n = x.Length;
        if (n <= TBase.BaseWords)
        {
            TBase.Multiply(a, x, d, tables);
            return;
        }

        if ((n & 1) != 0)
        {
            // Tile passes t·2^k with t ≤ BaseWords, which halves evenly down to the base case.
            throw new InvalidOperationException($"Karatsuba block of {n} words is odd.");
        }

        int h = n >> 1;
        ReadOnlySpan<ulong> middle = a.Slice(h, (2 * h) - 1);
        Span<ulong> sum = scratch[..((2 * h) - 1)];
        Span<ulong> shared = scratch.Slice((2 * h) - 1, h + 1);
        Span<ulong> deeper = scratch[(3 * h)..];

        // P0 = H1·(x0 ⊕ x1) goes to both halves.
        WordXor.Xor(x[..h], x[h..], sum[..h]);
        shared.Clear();
        Hankel<TBase>(middle, sum[..h], shared, deeper, tables);
        XorIntoBothHalves(d, shared);

        // P1 = (H0 ⊕ H1)·x0 to the top half, P2 = (H2 ⊕ H1)·x1 to the bottom half.
        WordXor.Xor(a[..((2 * h) - 1)], middle, sum);
        Hankel<TBase>(sum, x[..h], d[..(h + 1)], deeper, tables);
        WordXor.Xor(a.Slice(2 * h, (2 * h) - 1), middle, sum);
        Hankel<TBase>(sum, x[h..], d.Slice(h, h + 1), deeper, tables);
    }

    /// <summary>b[j] = input word nx − 1 − j, with the bits past inputBits cleared.</summary>
    private static void ReverseInput(ReadOnlySpan<ulong> input, int inputBits, Span<ulong> b)
    {
        int nx = b.Length;
        for (int j = 0; j < nx; j++)
        {
            b[j] = input[nx - 1 - j];
        }

        if ((inputBits & 63) != 0)
        {
            b[0] &= (1UL << (inputBits & 63)) - 1;
        }
    }

    /// <summary>a[0] = A0, a[1 + v] = A'[v] (see the mapping above); a.Length = nx + ny.</summary>
    private static void AlignSeed(ReadOnlySpan<ulong> seed, int seedBits, int rho, Span<ulong> a)
    {
        int seedWords = BitVector.WordCount(seedBits);
        ulong lastMask = (seedBits & 63) == 0 ? ulong.MaxValue : (1UL << (seedBits & 63)) - 1;
        a[0] = rho == 0 ? 0 : SeedWord(seed, seedWords, lastMask, 0) << (64 - rho);
        for (int v = 0; v < a.Length - 1; v++)
        {
            ulong low = SeedWord(seed, seedWords, lastMask, v);
            a[1 + v] = rho == 0 ? low : (low >> rho) | (SeedWord(seed, seedWords, lastMask, v + 1) << (64 - rho));
        }
    }

    private static ulong SeedWord(ReadOnlySpan<ulong> seed, int seedWords, ulong lastMask, int k) =>
        k < seedWords - 1 ? seed[k] : k == seedWords - 1 ? seed[k] & lastMask : 0;

    /// <summary>d[0, h] ^= s and d[h, 2h] ^= s for s of h + 1 words (d[h] gets both s[h] and s[0]).</summary>
    private static void XorIntoBothHalves(Span<ulong> d, ReadOnlySpan<ulong> s)
    {
        int h = s.Length - 1;
        WordXor.Xor(d[..h], s, d[..h]);
        d[h] ^= s[0] ^ s[h];
        WordXor.Xor(d.Slice(h + 1, h), s[1..], d.Slice(h + 1, h));
    }
}
