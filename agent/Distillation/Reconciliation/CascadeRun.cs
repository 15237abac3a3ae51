using System.Numerics;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// The synchronous state of one Cascade run on Bob's side; <see cref="CascadeReconciler"/> drives it between oracle
/// calls (spans cannot live across an await, so every step that touches the key is here).
/// </summary>
/// <remarks>
/// For every processed pass it keeps, per block, whether the parity of Alice's block differs from Bob's current one
/// (the "odd" bit). A flip of key position x toggles the odd bit of x's block in every processed pass — the cascade
/// effect of Brassard &amp; Salvail (EUROCRYPT '93) — so top-level parities are asked once per pass and never again.
/// Blocks of one pass are disjoint, so all odd blocks of one pass can be bisected in lockstep: a flip in one of them
/// cannot change the parity of another block of the same pass.
/// </remarks>
internal sealed class CascadeRun
{
    private readonly CascadeSchedule _schedule;
    private readonly BitVector _key;
    private readonly ulong[][] _odd;
    private readonly int[] _oddCount;
    private readonly int[] _activeStart;
    private readonly int[] _activeLength;
    private int _activeCount;
    private int _activePass;
    private int _processedPasses;

    public CascadeRun(CascadeSchedule schedule, BitVector key)
    {
        _schedule = schedule;
        _key = key;
        _odd = new ulong[schedule.PassCount][];
        _oddCount = new int[schedule.PassCount];
        int maxBlocks = 0;
        for (int pass = 0; pass < schedule.PassCount; pass++)
        {
            int blocks = schedule.Length == 0 ? 0 : schedule.BlockCount(pass);
            _odd[pass] = new ulong[BitVector.WordCount(blocks)];
            maxBlocks = Math.Max(maxBlocks, blocks);
        }

        Queries = new ParityQuery[maxBlocks];
        Answers = new ulong[BitVector.WordCount(maxBlocks)];
        _activeStart = new int[maxBlocks];
        _activeLength = new int[maxBlocks];
    }

    /// <summary>Query buffer shared by every round (large enough for the pass with the most blocks).</summary>
    public ParityQuery[] Queries { get; }

    /// <summary>Packed answers to <see cref="Queries"/>.</summary>
    public ulong[] Answers { get; }

    public int CorrectedBits { get; private set; }

    /// <summary>Fills <see cref="Queries"/> with the parity of every block of <paramref name="pass"/>.</summary>
    public int PrepareTopLevel(int pass)
    {
        int n = _schedule.Length;
        int size = _schedule.BlockSize(pass);
        int blocks = n == 0 ? 0 : _schedule.BlockCount(pass);
        for (int b = 0; b < blocks; b++)
        {
            int start = b * size;
            Queries[b] = new ParityQuery(pass, start, Math.Min(size, n - start));
        }

        return blocks;
    }

    /// <summary>Records which blocks of <paramref name="pass"/> are odd, given Alice's block parities in Answers.</summary>
    public void AcceptTopLevel(int pass)
    {
        int n = _schedule.Length;
        int size = _schedule.BlockSize(pass);
        int blocks = n == 0 ? 0 : _schedule.BlockCount(pass);
        ulong[] odd = _odd[pass];
        Answers.AsSpan(0, odd.Length).CopyTo(odd);
        ClearTail(odd, blocks);

        ReadOnlySpan<int> permutation = _schedule.Permutation(pass);
        for (int i = 0; i < n; i++)
        {
            // Block b = i / size of Bob's key in this pass's order, accumulated straight into the odd bits.
            int block = i / size;
            odd[block >> 6] ^= (ulong)_key.Get(permutation[i]) << (block & 63);
        }

        int count = 0;
        foreach (ulong word in odd)
        {
            count += BitOperations.PopCount(word);
        }

        _oddCount[pass] = count;
        _processedPasses = pass + 1;
    }

    /// <summary>
    /// Starts bisecting every odd block of the processed pass with the smallest blocks that has any (the earliest);
    /// false when no processed pass has an odd block. Blocks of length 1 are corrected at once.
    /// </summary>
    public bool TryBeginBisection()
    {
        int pass = 0;
        while (pass < _processedPasses && _oddCount[pass] == 0)
        {
            pass++;
        }

        if (pass == _processedPasses)
        {
            return false;
        }

        _activePass = pass;
        _activeCount = 0;
        int n = _schedule.Length;
        int size = _schedule.BlockSize(pass);
        ulong[] odd = _odd[pass];
        for (int w = 0; w < odd.Length; w++)
        {
            ulong word = odd[w];
            while (word != 0)
            {
                int block = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                int start = block * size;
                _activeStart[_activeCount] = start;
                _activeLength[_activeCount] = Math.Min(size, n - start);
                _activeCount++;
            }
        }

        // Collected first, flipped afterwards: a flip toggles odd bits of this very pass.
        Compact();
        return true;
    }

    /// <summary>Fills <see cref="Queries"/> with the left half of every block still being bisected.</summary>
    public int PrepareBisection()
    {
        for (int a = 0; a < _activeCount; a++)
        {
            Queries[a] = new ParityQuery(_activePass, _activeStart[a], _activeLength[a] / 2);
        }

        return _activeCount;
    }

    /// <summary>Moves every active block into its half with odd difference, given Alice's left-half parities.</summary>
    public void AcceptBisection()
    {
        for (int a = 0; a < _activeCount; a++)
        {
            int start = _activeStart[a];
            int half = _activeLength[a] / 2;
            int alice = (int)((Answers[a >> 6] >> (a & 63)) & 1);
            if (alice != BobParity(_activePass, start, half))
            {
                _activeLength[a] = half;
            }
            else
            {
                // The block is odd and its left half even, so the right half is odd.
                _activeStart[a] = start + half;
                _activeLength[a] -= half;
            }
        }

        Compact();
    }

    /// <summary>Corrects the blocks narrowed to one bit and drops them from the active set.</summary>
    private void Compact()
    {
        int kept = 0;
        ReadOnlySpan<int> permutation = _schedule.Permutation(_activePass);
        for (int a = 0; a < _activeCount; a++)
        {
            if (_activeLength[a] == 1)
            {
                Flip(permutation[_activeStart[a]]);
            }
            else
            {
                _activeStart[kept] = _activeStart[a];
                _activeLength[kept] = _activeLength[a];
                kept++;
            }
        }

        _activeCount = kept;
    }

    private void Flip(int position)
    {
        _key.Flip(position);
        CorrectedBits++;
        for (int pass = 0; pass < _processedPasses; pass++)
        {
            int block = _schedule.InversePermutation(pass)[position] / _schedule.BlockSize(pass);
            ulong mask = 1UL << (block & 63);
            ref ulong word = ref _odd[pass][block >> 6];
            _oddCount[pass] += (word & mask) != 0 ? -1 : 1;
            word ^= mask;
        }
    }

    private int BobParity(int pass, int start, int length)
    {
        if (pass == 0)
        {
            return _key.Parity(start, length);
        }

        ReadOnlySpan<int> permutation = _schedule.Permutation(pass).Slice(start, length);
        int parity = 0;
        foreach (int position in permutation)
        {
            parity ^= _key.Get(position);
        }

        return parity;
    }

    private static void ClearTail(ulong[] words, int bits)
    {
        if ((bits & 63) != 0)
        {
            words[bits >> 6] &= (1UL << (bits & 63)) - 1;
        }
    }
}
