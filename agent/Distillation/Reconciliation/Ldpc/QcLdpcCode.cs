using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// A quasi-cyclic LDPC parity-check matrix H: a base matrix whose nonzero entries are Z×Z circulant permutations.
/// Entry (i, j) with shift s connects check i·Z + r to variable j·Z + (r + s) mod Z, for r in [0, Z).
/// </summary>
/// <remarks>
/// The compact table (<see cref="FromTable"/>) is the wire contract between the two ends: both must hold the same
/// shifts. Table layout, one record per base row:
/// <code>
///   [degree d] [column c1] [shift s1] ... [column cd] [shift sd]
/// </code>
/// Immutable and thread-safe.
/// </remarks>
public sealed class QcLdpcCode
{
    private readonly int[] _rowStart;
    private readonly short[] _edgeColumn;
    private readonly short[] _edgeShift;

    private QcLdpcCode(string name, int liftingSize, int baseColumns, int[] rowStart, short[] edgeColumn, short[] edgeShift)
    {
        Name = name;
        LiftingSize = liftingSize;
        BaseColumns = baseColumns;
        _rowStart = rowStart;
        _edgeColumn = edgeColumn;
        _edgeShift = edgeShift;
        int max = 0;
        for (int i = 0; i < BaseRows; i++)
        {
            max = Math.Max(max, rowStart[i + 1] - rowStart[i]);
        }

        MaxRowDegree = max;
    }

    /// <summary>A short public name, e.g. "R0.80-Z512".</summary>
    public string Name { get; }

    /// <summary>Circulant size Z (a multiple of 64, so blocks are whole words and whole SIMD vectors).</summary>
    public int LiftingSize { get; }

    /// <summary>Rows of the base matrix.</summary>
    public int BaseRows => _rowStart.Length - 1;

    /// <summary>Columns of the base matrix.</summary>
    public int BaseColumns { get; }

    /// <summary>Frame length n in bits.</summary>
    public int Length => BaseColumns * LiftingSize;

    /// <summary>Parity checks m (syndrome bits).</summary>
    public int CheckCount => BaseRows * LiftingSize;

    /// <summary>Nonzero circulants of the base matrix.</summary>
    public int BaseEdgeCount => _edgeColumn.Length;

    /// <summary>Largest base-row degree.</summary>
    public int MaxRowDegree { get; }

    /// <summary>Design rate 1 − m/n.</summary>
    public double Rate => 1.0 - ((double)CheckCount / Length);

    internal ReadOnlySpan<int> RowStart => _rowStart;

    internal ReadOnlySpan<short> EdgeColumns => _edgeColumn;

    internal ReadOnlySpan<short> EdgeShifts => _edgeShift;

    /// <summary>Degree of base row <paramref name="row"/>.</summary>
    public int RowDegree(int row) => _rowStart[row + 1] - _rowStart[row];

    /// <summary>Degree of base column <paramref name="column"/>.</summary>
    public int ColumnDegree(int column)
    {
        int degree = 0;
        foreach (short c in _edgeColumn)
        {
            degree += c == column ? 1 : 0;
        }

        return degree;
    }

    /// <summary>Shift of base entry (row, column), or −1 where the base matrix is zero.</summary>
    public int Shift(int row, int column)
    {
        for (int e = _rowStart[row]; e < _rowStart[row + 1]; e++)
        {
            if (_edgeColumn[e] == column)
            {
                return _edgeShift[e];
            }
        }

        return -1;
    }

    /// <summary>Reads a code from its compact table (layout in the remarks).</summary>
    /// <exception cref="ArgumentException">The table is malformed.</exception>
    public static QcLdpcCode FromTable(string name, int liftingSize, int baseColumns, ReadOnlySpan<short> table)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (liftingSize <= 0 || liftingSize % 64 != 0 || liftingSize > short.MaxValue)
        {
            throw new ArgumentException($"The lifting size must be a positive multiple of 64, not {liftingSize}.", nameof(liftingSize));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseColumns);
        var rowStart = new List<int> { 0 };
        var columns = new List<short>();
        var shifts = new List<short>();
        int at = 0;
        while (at < table.Length)
        {
            int degree = table[at++];
            if (degree <= 0 || degree > baseColumns || at + (2 * degree) > table.Length)
            {
                throw new ArgumentException($"Bad row record at table entry {at - 1}.", nameof(table));
            }

            int rowFirst = columns.Count;
            for (int k = 0; k < degree; k++)
            {
                short column = table[at++];
                short shift = table[at++];
                if (column < 0 || column >= baseColumns || shift < 0 || shift >= liftingSize)
                {
                    throw new ArgumentException($"Bad entry ({column}, {shift}) in base row {rowStart.Count - 1}.", nameof(table));
                }

                for (int prior = rowFirst; prior < columns.Count; prior++)
                {
                    if (columns[prior] == column)
                    {
                        throw new ArgumentException($"Column {column} repeats in base row {rowStart.Count - 1}.", nameof(table));
                    }
                }

                columns.Add(column);
                shifts.Add(shift);
            }

            rowStart.Add(columns.Count);
        }

        if (rowStart.Count < 2)
        {
            throw new ArgumentException("The table holds no rows.", nameof(table));
        }

        return new QcLdpcCode(name, liftingSize, baseColumns, [.. rowStart], [.. columns], [.. shifts]);
    }

    /// <summary>The compact table of this code (inverse of <see cref="FromTable"/>).</summary>
    public short[] ToTable()
    {
        var table = new short[BaseRows + (2 * BaseEdgeCount)];
        int at = 0;
        for (int i = 0; i < BaseRows; i++)
        {
            table[at++] = (short)RowDegree(i);
            for (int e = _rowStart[i]; e < _rowStart[i + 1]; e++)
            {
                table[at++] = _edgeColumn[e];
                table[at++] = _edgeShift[e];
            }
        }

        return table;
    }

    /// <summary>
    /// Syndrome s = H·x of a frame of <see cref="Length"/> bits (packed LSB-first words) into
    /// <see cref="CheckCount"/> bits of <paramref name="syndrome"/>.
    /// </summary>
    public void ComputeSyndrome(ReadOnlySpan<ulong> frame, Span<ulong> syndrome)
    {
        int wordsPerBlock = LiftingSize / 64;
        if (frame.Length < BaseColumns * wordsPerBlock)
        {
            throw new ArgumentException($"The frame needs {Length} bits.", nameof(frame));
        }

        if (syndrome.Length < BaseRows * wordsPerBlock)
        {
            throw new ArgumentException($"The syndrome needs {CheckCount} bits.", nameof(syndrome));
        }

        syndrome[..(BaseRows * wordsPerBlock)].Clear();
        for (int i = 0; i < BaseRows; i++)
        {
            Span<ulong> target = syndrome.Slice(i * wordsPerBlock, wordsPerBlock);
            for (int e = _rowStart[i]; e < _rowStart[i + 1]; e++)
            {
                ReadOnlySpan<ulong> block = frame.Slice(_edgeColumn[e] * wordsPerBlock, wordsPerBlock);
                XorRotated(block, _edgeShift[e], LiftingSize, target);
            }
        }
    }

    /// <summary>target bit r ^= block bit (r + shift) mod z, word by word.</summary>
    private static void XorRotated(ReadOnlySpan<ulong> block, int shift, int z, Span<ulong> target)
    {
        for (int w = 0; w < target.Length; w++)
        {
            int start = ((w * 64) + shift) % z;
            ulong bits;
            if (start + 64 <= z)
            {
                bits = BitVector.ReadBits(block, start, 64);
            }
            else
            {
                int low = z - start;
                bits = BitVector.ReadBits(block, start, low) | (BitVector.ReadBits(block, 0, 64 - low) << low);
            }

            target[w] ^= bits;
        }
    }
}
