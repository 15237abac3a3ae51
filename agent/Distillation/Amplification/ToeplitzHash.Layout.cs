using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Amplification;

// How the ny × nx Hankel product is laid out for Karatsuba: as it is (Tile covers it with squares and thinner
// leftovers), or zero-padded to a "nice" square side N = t·2^k and/or to a multiple of N columns. Which is faster
// depends on how far ny is from a nice size, so a small cost model (in multiplies, from the base case's own estimates)
// picks one. Only sizes enter the choice, never data, so it leaks nothing about the key.
public static partial class ToeplitzHash
{
    /// <summary>The padded (rows, cols) in words that <see cref="Compute"/> multiplies (for tests).</summary>
    internal static (int Rows, int Cols) LayoutWords(int inputBits, int outputBits, bool portable)
    {
        int nx = BitVector.WordCount(inputBits);
        int ny = BitVector.WordCount(outputBits);
        return portable ? Layout<PortableBaseCase>(nx, ny) : Layout<ClmulBaseCase>(nx, ny);
    }

    /// <summary>Scratch words <see cref="Compute"/> uses; above <see cref="StackScratchWords"/> they come from the pool.</summary>
    internal static int ScratchWords(int inputBits, int outputBits, bool portable)
    {
        (int rows, int cols) = LayoutWords(inputBits, outputBits, portable);
        return portable ? ScratchWords<PortableBaseCase>(rows, cols) : ScratchWords<ClmulBaseCase>(rows, cols);
    }

    /// <summary>The layout model's estimate of the Karatsuba path's time, in base-case multiplies.</summary>
    internal static double KaratsubaCost(int inputBits, int outputBits, bool portable)
    {
        (int rows, int cols) = LayoutWords(inputBits, outputBits, portable);
        return portable ? TileCost<PortableBaseCase>(rows, cols) : TileCost<ClmulBaseCase>(rows, cols);
    }

    private static int ScratchWords<TBase>(int rows, int cols)
        where TBase : struct, IHankelBaseCase
    {
        // b (cols), a (rows + cols), d (rows + 1), C_−1 (2), tables, and Hankel's 3·N for squares N ≤ min(rows, cols).
        long total = cols + ((long)rows + cols) + (rows + 1L) + 2 + TBase.TableWords + (3L * Math.Min(rows, cols));
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "The block is too large for the scratch buffer.");
        }

        return (int)total;
    }

    /// <summary>Padded (rows, cols) for an ny × nx product: unpadded, rows padded, or both, whichever costs least.</summary>
    private static (int Rows, int Cols) Layout<TBase>(int nx, int ny)
        where TBase : struct, IHankelBaseCase
    {
        if (ny <= TBase.BaseWords)
        {
            return (ny, nx);
        }

        int side = SquareAbove<TBase>(ny);
        long blockCols = (long)(nx + side - 1) / side * side;
        (int Rows, int Cols) best = (ny, nx);
        double bestCost = TileCost<TBase>(ny, nx);
        double rowsPadded = TileCost<TBase>(side, nx);
        if (rowsPadded < bestCost)
        {
            (best, bestCost) = ((side, nx), rowsPadded);
        }

        if (blockCols <= int.MaxValue && TileCost<TBase>(side, (int)blockCols) < bestCost)
        {
            best = (side, (int)blockCols);
        }

        return best;
    }

    /// <summary>The largest t·2^k ≤ side with SmallestBaseWords ≤ t ≤ BaseWords (side &gt; BaseWords).</summary>
    private static int SquareBelow<TBase>(int side)
        where TBase : struct, IHankelBaseCase
    {
        int levels = 0;
        while ((side >> levels) > TBase.BaseWords)
        {
            levels++;
        }

        return (side >> levels) >= TBase.SmallestBaseWords
            ? (side >> levels) << levels
            : TBase.BaseWords << (levels - 1);
    }

    /// <summary>The smallest t·2^k ≥ side with SmallestBaseWords ≤ t ≤ BaseWords (side &gt; BaseWords).</summary>
    private static int SquareAbove<TBase>(int side)
        where TBase : struct, IHankelBaseCase
    {
        int levels = 0;
        while (((side - 1) >> levels) + 1 > TBase.BaseWords)
        {
            levels++;
        }

        return Math.Max(((side - 1) >> levels) + 1, TBase.SmallestBaseWords) << levels;
    }

    /// <summary>Estimated cost of <see cref="Tile"/> on rows × cols, mirroring its recursion.</summary>
    private static double TileCost<TBase>(int rows, int cols)
        where TBase : struct, IHankelBaseCase
    {
        int side = Math.Min(rows, cols);
        if (side <= TBase.BaseWords)
        {
            return TBase.Cost(rows, cols);
        }

        int square = SquareBelow<TBase>(side);
        int count = Math.Max(rows, cols) / square;
        int covered = count * square;
        double cost = count * SquareCost<TBase>(square);
        if (rows <= cols)
        {
            cost += (covered < cols ? TileCost<TBase>(square, cols - covered) : 0)
                + (square < rows ? TileCost<TBase>(rows - square, cols) : 0);
        }
        else
        {
            cost += (covered < rows ? TileCost<TBase>(rows - covered, square) : 0)
                + (square < cols ? TileCost<TBase>(rows, cols - square) : 0);
        }

        return cost;
    }

    /// <summary>Estimated cost of <see cref="Hankel"/> on an N × N block, N = t·2^k.</summary>
    private static double SquareCost<TBase>(int n)
        where TBase : struct, IHankelBaseCase =>
        n <= TBase.BaseWords ? TBase.Cost(n, n) : TBase.StepCost(n) + (3 * SquareCost<TBase>(n >> 1));
}
