using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// The synchronous state of one Cascade run on Bob's side; <see cref="CascadeReconciler"/> drives it between oracle
/// calls (spans cannot live across an await, so every step that touches the key is here).
/// </summary>
/// <remarks>
/// <para>Bob keeps his key in every pass's order (updated on each flip), so the parity of any block or sub-block is a
/// range of packed words, and per pass and block whether Alice's parity differs from his (the "odd" bit). A flip of
/// key position x toggles the odd bit of x's block in every pass — the cascade effect of Brassard &amp; Salvail
/// (EUROCRYPT '93).</para>
/// <para>Every parity Alice disclosed is remembered as a node of the block's bisection tree (root = block, children =
/// the halves [s, s + ⌊l/2⌋) and the rest), and the sibling of an asked half is inferred from its parent. A block
/// that turns odd again is bisected through the nodes already known without asking (sub-block reuse, Martinez-Mateo
/// et al., QIC 15, 453 (2015)); only unknown halves cost a query.</para>
/// <para>Each round trip asks one level of every bisection under way. Which odd blocks may start a bisection is
/// <see cref="PassesOpen"/>'s choice; a bisection that a correction elsewhere made even is dropped. The halves passes
/// are touched by every flip but rarely looked at, so their odd bits and ordered copies are rebuilt only when looked
/// at. Each flip at the end of a bisection corrects a real error when Alice answers truthfully, so more flips than
/// bits means she did not.</para>
/// </remarks>
internal sealed class CascadeRun : IDisposable
{
    private readonly CascadeSchedule _schedule;
    private readonly BitVector _key;
    private readonly ulong[]?[] _ordered;     // Bob's key in pass order (null for pass 0: the key itself)
    private readonly ulong[][] _odd;
    private readonly int[] _oddCount;
    private readonly ulong[][] _rootParity;   // Alice's parity of every block
    private readonly ulong[]?[] _known;       // per pass, per tree node: Alice's parity is known
    private readonly ulong[]?[] _knownParity; // ... and its value
    private readonly int[] _stride;           // tree nodes reserved per block (heap numbering from 1)
    private readonly ulong[][] _active;       // per pass, per block: a bisection is under way
    private readonly int _concurrentPasses;
    private readonly int _nextPassBacklog;
    private readonly int[] _descentPass;
    private readonly int[] _descentBlock;
    private readonly int[] _descentStart;
    private readonly int[] _descentLength;
    private readonly int[] _descentNode;      // heap number in the block's tree of the part being bisected
    private readonly int _eagerPasses;        // passes kept up to date on every flip; the halves after them lazily
    private readonly int[] _freshAt;          // halves: CorrectedBits when the odd bits were last rebuilt
    private readonly int[] _orderedAt;        // halves: CorrectedBits when the ordered copy was last written
    private int _descentCount;
    private bool _firstWaveDone;

    public CascadeRun(CascadeSchedule schedule, BitVector key)
    {
        _schedule = schedule;
        _key = key;
        _concurrentPasses = schedule.Options.ConcurrentPasses;
        _nextPassBacklog = schedule.Options.NextPassBacklog;
        int passes = schedule.PassCount;
        int words = BitVector.WordCount(schedule.Length);
        _ordered = new ulong[]?[passes];
        _odd = new ulong[passes][];
        _active = new ulong[passes][];
        _oddCount = new int[passes];
        _rootParity = new ulong[passes][];
        _known = new ulong[]?[passes];
        _knownParity = new ulong[]?[passes];
        _stride = new int[passes];
        _freshAt = new int[passes];
        _orderedAt = new int[passes];
        _eagerPasses = 0;
        while (_eagerPasses < passes && schedule.Kind(_eagerPasses) != CascadePassKind.Halves)
        {
            _eagerPasses++;
        }

        int totalBlocks = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            int blocks = schedule.BlockCount(pass);
            _odd[pass] = new ulong[BitVector.WordCount(blocks)];
            _active[pass] = new ulong[BitVector.WordCount(blocks)];
            _rootParity[pass] = new ulong[BitVector.WordCount(blocks)];
            int longest = blocks == 0 ? 1 : Math.Max(schedule.BlockLength(pass, 0), schedule.BlockLength(pass, blocks - 1));
            _stride[pass] = 2 * (int)BitOperations.RoundUpToPowerOf2((uint)longest);
            totalBlocks += blocks;
            if (pass > 0 && pass < _eagerPasses)
            {
                _ordered[pass] = ArrayPool<ulong>.Shared.Rent(Math.Max(words, 1));
                schedule.WriteInPassOrder(pass, key.Words, _ordered[pass]);
            }

            _orderedAt[pass] = -1; // halves: written on first use
        }

        Queries = new ParityQuery[totalBlocks];
        Answers = new ulong[BitVector.WordCount(totalBlocks)];
        _descentPass = new int[totalBlocks];
        _descentBlock = new int[totalBlocks];
        _descentStart = new int[totalBlocks];
        _descentLength = new int[totalBlocks];
        _descentNode = new int[totalBlocks];
    }

    /// <summary>Query buffer shared by every round (large enough for every block of every pass).</summary>
    public ParityQuery[] Queries { get; }

    /// <summary>Packed answers to <see cref="Queries"/>.</summary>
    public ulong[] Answers { get; }

    public int CorrectedBits { get; private set; }



    /// <summary>True once more bits were flipped than the key has: the answers cannot all have been truthful.</summary>
    public bool Inconsistent { get; private set; }

    /// <summary>
    /// Fills <see cref="Queries"/> with the parity of every block of every pass, except the last block of each pass
    /// after the first: the blocks of pass 0 already give the parity of the whole key, so that one follows.
    /// </summary>
    public int PrepareTopLevel()
    {
        int count = 0;
        for (int pass = 0; pass < _schedule.PassCount; pass++)
        {
            int blocks = _schedule.BlockCount(pass) - (pass > 0 ? 1 : 0);
            for (int b = 0; b < blocks; b++)
            {
                Queries[count++] = new ParityQuery(pass, _schedule.BlockStart(pass, b), _schedule.BlockLength(pass, b));
            }
        }

        return count;
    }

    /// <summary>Records Alice's block parities (from Answers, in the order asked) and which blocks are odd.</summary>
    public void AcceptTopLevel()
    {
        int answer = 0;
        int keyParity = 0;
        for (int pass = 0; pass < _schedule.PassCount; pass++)
        {
            int blocks = _schedule.BlockCount(pass);
            ulong[] root = _rootParity[pass];
            int sum = 0;
            for (int b = 0; b < blocks; b++)
            {
                int alice;
                if (pass > 0 && b == blocks - 1)
                {
                    alice = keyParity ^ sum;
                }
                else
                {
                    alice = (int)((Answers[answer >> 6] >> answer) & 1);
                    answer++;
                }

                sum ^= alice;
                root[b >> 6] |= (ulong)alice << b;
            }

            if (pass == 0)
            {
                keyParity = sum;
            }

            CountOdd(pass);
        }
    }

    /// <summary>
    /// One round: moves every bisection under way down through known halves, corrects those that reach one bit, drops
    /// those a correction made even, starts bisections of odd blocks that have none (see <see cref="PassesOpen"/>),
    /// and asks the first unknown half of each bisection left; 0 when nothing is left to ask.
    /// </summary>
    public int PrepareRound()
    {
        int asked = 0;
        int running = _descentCount;
        for (int d = 0; d < running; d++)
        {
            Advance(d, ref asked);
        }

        _descentCount = asked;
        while (!Inconsistent)
        {
            int open = PassesOpen();
            bool started = false;
            for (int pass = 0; pass < open; pass++)
            {
                ulong[] odd = _odd[pass];
                ulong[] active = _active[pass];
                for (int w = 0; w < odd.Length; w++)
                {
                    ulong idle = odd[w] & ~active[w];
                    while (idle != 0)
                    {
                        int block = (w << 6) + BitOperations.TrailingZeroCount(idle);
                        idle &= idle - 1;
                        if (((odd[w] >> block) & 1) == 0)
                        {
                            continue; // a correction in this loop made it even
                        }

                        EnsureKnown(pass);
                        active[w] |= 1UL << block;
                        _descentPass[asked] = pass;
                        _descentBlock[asked] = block;
                        _descentStart[asked] = _schedule.BlockStart(pass, block);
                        _descentLength[asked] = _schedule.BlockLength(pass, block);
                        _descentNode[asked] = 1;
                        Advance(asked, ref asked);
                        started = true;
                    }
                }
            }

            _descentCount = asked;
            if (!started)
            {
                break;
            }
        }

        if (Inconsistent)
        {
            _descentCount = 0;
            return 0;
        }

        return asked;
    }

    /// <summary>Records Alice's parities of the halves asked (and so of their siblings) for the next round.</summary>
    public void AcceptRound()
    {
        for (int d = 0; d < _descentCount; d++)
        {
            int pass = _descentPass[d];
            int block = _descentBlock[d];
            int node = _descentNode[d];
            int alice = (int)((Answers[d >> 6] >> d) & 1);
            int left = (block * _stride[pass]) + (2 * node);
            SetKnown(_known[pass]!, _knownParity[pass]!, left, alice);
            SetKnown(_known[pass]!, _knownParity[pass]!, left + 1, alice ^ NodeParity(pass, block, node));
        }
    }

    /// <summary>Zeroes and returns Bob's ordered copies of the key.</summary>
    public void Dispose()
    {
        for (int pass = 0; pass < _ordered.Length; pass++)
        {
            if (_ordered[pass] is { } ordered)
            {
                CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(ordered.AsSpan()));
                ArrayPool<ulong>.Shared.Return(ordered);
                _ordered[pass] = null;
            }

            if (_known[pass] is { } known)
            {
                ArrayPool<ulong>.Shared.Return(known);
                ArrayPool<ulong>.Shared.Return(_knownParity[pass]!);
                _known[pass] = null;
                _knownParity[pass] = null;
            }
        }
    }

    private ReadOnlySpan<ulong> Ordered(int pass) => pass == 0 ? _key.Words : _ordered[pass]!;

    private void Flip(int position)
    {
        _key.Flip(position);
        CorrectedBits++;

        // Every flip touches a block of every pass, but the halves passes are rarely looked at: they are rebuilt when
        // they are (Refresh), which keeps a flip to a few cache lines instead of a few per pass.
        for (int pass = 0; pass < _eagerPasses; pass++)
        {
            int index = _schedule.IndexOf(pass, position);
            if (pass > 0)
            {
                _ordered[pass]![index >> 6] ^= 1UL << index;
            }

            int block = _schedule.BlockOfIndex(pass, index);
            ulong mask = 1UL << block;
            ref ulong word = ref _odd[pass][block >> 6];
            _oddCount[pass] += (word & mask) != 0 ? -1 : 1;
            word ^= mask;
        }
    }

    /// <summary>
    /// Passes [0, result) may start bisections now. The first wave of pass 0 runs alone: bisections in later passes
    /// would mostly chase the errors it is about to find, at a higher price. Then the passes below
    /// <see cref="CascadeOptions.ConcurrentPasses"/> go concurrently, and each later pass opens once the earlier ones
    /// have at most <see cref="CascadeOptions.NextPassBacklog"/> odd blocks left: a bisection in a larger block costs
    /// more parities, and one that a correction elsewhere makes even is partly wasted, so opening late keeps the leakage
    /// low and opening early cuts the round trips (docs/performance.md has the trade-off).
    /// </summary>
    private int PassesOpen()
    {
        if (!_firstWaveDone)
        {
            if (_oddCount[0] > 0 || _descentCount > 0)
            {
                return 1;
            }

            _firstWaveDone = true;
        }

        int open = Math.Min(_concurrentPasses, _schedule.PassCount);
        int backlog = 0;
        for (int q = 0; q < open; q++)
        {
            Refresh(q);
            backlog += _oddCount[q];
        }

        while (open < _schedule.PassCount && backlog <= _nextPassBacklog)
        {
            Refresh(open);
            backlog += _oddCount[open];
            open++;
        }

        return open;
    }

    /// <summary>
    /// Checks descent <paramref name="source"/> is still odd, moves it through known halves, and either corrects its
    /// bit, drops it, or asks its next half as query <paramref name="asked"/> (stored at that index).
    /// </summary>
    private void Advance(int source, ref int asked)
    {
        int pass = _descentPass[source];
        int block = _descentBlock[source];
        int start = _descentStart[source];
        int length = _descentLength[source];
        int node = _descentNode[source];
        WriteOrdered(pass);
        ReadOnlySpan<ulong> ordered = Ordered(pass);
        if (NodeParity(pass, block, node) == BitVector.RangeParity(ordered, start, length))
        {
            // A correction found elsewhere made this part even: nothing left to find here (the block, if still
            // odd, starts again from its root, through what is known).
            _active[pass][block >> 6] &= ~(1UL << block);
            return;
        }

        int stride = _stride[pass];
        ulong[] known = _known[pass]!;
        ulong[] knownParity = _knownParity[pass]!;
        while (length > 1)
        {
            int half = length >> 1;
            int left = (block * stride) + (2 * node);
            if (((known[left >> 6] >> left) & 1) == 0)
            {
                break;
            }

            int alice = (int)((knownParity[left >> 6] >> left) & 1);
            if (alice != BitVector.RangeParity(ordered, start, half))
            {
                length = half;
                node = 2 * node;
            }
            else
            {
                start += half;
                length -= half;
                node = (2 * node) + 1;
            }
        }

        if (length == 1)
        {
            _active[pass][block >> 6] &= ~(1UL << block);
            Flip(_schedule.PositionAt(pass, start));
            if (CorrectedBits > _schedule.Length)
            {
                Inconsistent = true;
            }

            return;
        }

        Queries[asked] = new ParityQuery(pass, start, length >> 1);
        _descentPass[asked] = pass;
        _descentBlock[asked] = block;
        _descentStart[asked] = start;
        _descentLength[asked] = length;
        _descentNode[asked] = node;
        asked++;
    }

    /// <summary>Recomputes a lazily kept (halves) pass's odd bits if any bit was flipped since.</summary>
    private void Refresh(int pass)
    {
        if (pass < _eagerPasses || _freshAt[pass] == CorrectedBits)
        {
            return;
        }

        _freshAt[pass] = CorrectedBits;
        CountOdd(pass);
    }

    /// <summary>Sets a pass's odd bits from Alice's block parities and Bob's current key.</summary>
    private void CountOdd(int pass)
    {
        ulong[] odd = _odd[pass];
        ulong[] root = _rootParity[pass];
        odd.AsSpan().Clear();
        for (int b = 0; b < _schedule.BlockCount(pass); b++)
        {
            int bob = pass < _eagerPasses
                ? BitVector.RangeParity(Ordered(pass), _schedule.BlockStart(pass, b), _schedule.BlockLength(pass, b))
                : _schedule.HalfParity(pass, b, _key.Words); // no ordered copy needed for a whole half
            odd[b >> 6] |= (((root[b >> 6] >> b) & 1) ^ (ulong)bob) << b;
        }

        _oddCount[pass] = PopCount(odd);
    }

    /// <summary>Writes a lazily kept (halves) pass's ordered copy if it is missing or any bit was flipped since.</summary>
    private void WriteOrdered(int pass)
    {
        if (pass < _eagerPasses || _orderedAt[pass] == CorrectedBits)
        {
            return;
        }

        _orderedAt[pass] = CorrectedBits;
        ulong[] ordered = _ordered[pass] ??= ArrayPool<ulong>.Shared.Rent(Math.Max(BitVector.WordCount(_schedule.Length), 1));
        _schedule.WriteInPassOrder(pass, _key.Words, ordered);
    }

    /// <summary>Alice's parity of a tree node already known: the block's own (node 1) or a disclosed or inferred half.</summary>
    private int NodeParity(int pass, int block, int node)
    {
        if (node == 1)
        {
            return (int)((_rootParity[pass][block >> 6] >> block) & 1);
        }

        int id = (block * _stride[pass]) + node;
        return (int)((_knownParity[pass]![id >> 6] >> id) & 1);
    }

    private void EnsureKnown(int pass)
    {
        if (_known[pass] is not null)
        {
            return;
        }

        int nodes = BitVector.WordCount(checked(_schedule.BlockCount(pass) * _stride[pass]));
        ulong[] known = ArrayPool<ulong>.Shared.Rent(nodes);
        known.AsSpan(0, nodes).Clear();
        _known[pass] = known;
        _knownParity[pass] = ArrayPool<ulong>.Shared.Rent(nodes);
    }

    private static void SetKnown(ulong[] known, ulong[] knownParity, int node, int parity)
    {
        ulong bit = 1UL << node;
        known[node >> 6] |= bit;
        knownParity[node >> 6] = (knownParity[node >> 6] & ~bit) | ((ulong)parity << node);
    }

    private static int PopCount(ulong[] words)
    {
        int count = 0;
        foreach (ulong word in words)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }
}
