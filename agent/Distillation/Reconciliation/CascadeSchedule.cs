using System.Numerics;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Sifting;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// The public plan of one Cascade run: key length, and per pass how the key is ordered and cut into blocks. Both ends
/// build it from the same public inputs (length, QBER estimate, seed, options) and must obtain identical schedules.
/// </summary>
/// <remarks>
/// <para>Block sizes follow the best schedule of Martinez-Mateo, Pacher, Peev, Ciurana &amp; Martin, "Demystifying the
/// information reconciliation protocol Cascade", QIC 15, 453 (2015), "Cascade opt. (8)": with α = log2(1/Q) − 0.5,
/// pass 0 cuts the key in key order into blocks of k1 = 2^⌈α⌉ bits, pass 1 a shuffle into blocks of
/// k2 = 2^⌈(α + 12)/2⌉, pass 2 a shuffle into blocks of 4096, and every later pass a random bisection
/// (<see cref="CascadePassKind.Halves"/>); sizes are clamped to [1, n] and the last block of a pass may be shorter.</para>
/// <para>Randomness comes from one <see cref="DeterministicRandom"/> seeded with the seed: first the shuffles, in pass
/// order (Fisher–Yates: for j = n−1 down to 1, swap j with a uniform index in [0, j]), then the halves' masks, one
/// 64-bit draw per word. "Index i of pass p" is the i-th bit of the key in that pass's order; queries and blocks are
/// ranges of indices. Immutable after creation; thread-safe to read.</para>
/// </remarks>
public sealed class CascadeSchedule
{
    private readonly CascadePassKind[] _kinds;
    private readonly int[] _blockSizes;     // fixed-size passes: the block size; halves: the size of the first half
    private readonly int[]?[] _orders;      // shuffled: order[i] = key position at index i
    private readonly int[]?[] _inverses;    // shuffled: inverse[x] = index of key position x
    private readonly ulong[]?[] _masks;     // halves: the first half's positions
    private readonly int[]?[] _ranks;       // halves: set mask bits before word w (words + 1 entries)

    private CascadeSchedule(
        int length, CascadePassKind[] kinds, int[] blockSizes, int[]?[] orders, int[]?[] inverses, ulong[]?[] masks,
        int[]?[] ranks, CascadeOptions options)
    {
        Options = options;
        MaxRounds = options.MaxRounds;
        Length = length;
        _kinds = kinds;
        _blockSizes = blockSizes;
        _orders = orders;
        _inverses = inverses;
        _masks = masks;
        _ranks = ranks;
    }

    /// <summary>Key length n in bits.</summary>
    public int Length { get; }

    /// <summary>Number of passes.</summary>
    public int PassCount => _kinds.Length;

    /// <summary>A copy of the options the schedule was built with.</summary>
    public CascadeOptions Options { get; }

    /// <summary>Round-trip limit copied from the options.</summary>
    public int MaxRounds { get; }

    /// <summary>Builds the schedule for an <paramref name="n"/>-bit key at an estimated <paramref name="qber"/>.</summary>
    public static CascadeSchedule Create(int n, double qber, ulong permutationSeed, CascadeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentNullException.ThrowIfNull(options);
        if (!(qber >= 0.0 && qber <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(qber), qber, "The QBER estimate must lie in [0, 1].");
        }

        if (options.Passes is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Passes, "Cascade needs between 1 and 64 passes.");
        }

        if (!(options.MinimumQber > 0.0 && options.MinimumQber <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumQber, "MinimumQber must lie in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRounds, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ConcurrentPasses, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.NextPassBacklog, nameof(options));

        int passes = options.Passes;
        var kinds = new CascadePassKind[passes];
        var blockSizes = new int[passes];
        int[] shuffledSizes = ShuffledBlockSizes(Math.Max(qber, options.MinimumQber));
        for (int pass = 0; pass < passes; pass++)
        {
            kinds[pass] = pass == 0 ? CascadePassKind.Contiguous
                : pass < 3 ? CascadePassKind.Shuffled
                : CascadePassKind.Halves;
            blockSizes[pass] = pass < 3 ? Math.Clamp(shuffledSizes[pass], 1, Math.Max(n, 1)) : 0;
        }

        Permutations permutations = Permutations.Get(n, passes, permutationSeed);
        for (int pass = 3; pass < passes; pass++)
        {
            blockSizes[pass] = permutations.HalfSizes[pass];
        }

        var copy = new CascadeOptions
        {
            Passes = options.Passes,
            MinimumQber = options.MinimumQber,
            ConcurrentPasses = options.ConcurrentPasses,
            NextPassBacklog = options.NextPassBacklog,
            MaxRounds = options.MaxRounds,
        };
        return new CascadeSchedule(n, kinds, blockSizes, permutations.Orders, permutations.Inverses, permutations.Masks, permutations.Ranks, copy);
    }

    /// <summary>How <paramref name="pass"/> orders the key.</summary>
    public CascadePassKind Kind(int pass) => _kinds[CheckPass(pass)];

    /// <summary>
    /// Block size of a fixed-size pass (the last block may be shorter); for a halves pass, the size of its first
    /// half (the random subset).
    /// </summary>
    public int BlockSize(int pass) => _blockSizes[CheckPass(pass)];

    /// <summary>Number of (non-empty) blocks in <paramref name="pass"/>.</summary>
    public int BlockCount(int pass)
    {
        int size = _blockSizes[CheckPass(pass)];
        if (Length == 0)
        {
            return 0;
        }

        return _kinds[pass] == CascadePassKind.Halves
            ? (size > 0 && size < Length ? 2 : 1)
            : (int)(((long)Length + size - 1) / size);
    }

    /// <summary>First index of block <paramref name="block"/> of <paramref name="pass"/>.</summary>
    public int BlockStart(int pass, int block) =>
        _kinds[pass] == CascadePassKind.Halves ? (block == 0 ? 0 : _blockSizes[pass]) : block * _blockSizes[pass];

    /// <summary>Number of indices in block <paramref name="block"/> of <paramref name="pass"/>.</summary>
    public int BlockLength(int pass, int block)
    {
        int size = _blockSizes[pass];
        if (_kinds[pass] == CascadePassKind.Halves)
        {
            return block == 0 ? (size == 0 ? Length : size) : Length - size;
        }

        return Math.Min(size, Length - (block * size));
    }

    /// <summary>The block of <paramref name="pass"/> that holds <paramref name="index"/>.</summary>
    public int BlockOfIndex(int pass, int index)
    {
        int size = _blockSizes[pass];
        return _kinds[pass] == CascadePassKind.Halves ? (size != 0 && index >= size ? 1 : 0) : index / size;
    }

    /// <summary>The index of key position <paramref name="position"/> in the order of <paramref name="pass"/>.</summary>
    public int IndexOf(int pass, int position)
    {
        switch (_kinds[pass])
        {
            case CascadePassKind.Contiguous:
                return position;
            case CascadePassKind.Shuffled:
                return _inverses[pass]![position];
            default:
                ulong word = _masks[pass]![position >> 6];
                int below = _ranks[pass]![position >> 6] + BitOperations.PopCount(word & ((1UL << (position & 63)) - 1));
                return ((word >> (position & 63)) & 1) != 0 ? below : _blockSizes[pass] + (position - below);
        }
    }

    /// <summary>The key position at <paramref name="index"/> in the order of <paramref name="pass"/>.</summary>
    public int PositionAt(int pass, int index)
    {
        switch (_kinds[pass])
        {
            case CascadePassKind.Contiguous:
                return index;
            case CascadePassKind.Shuffled:
                return _orders[pass]![index];
            default:
                return SelectInHalf(pass, index);
        }
    }

    /// <summary>
    /// Writes the first <see cref="Length"/> bits of <paramref name="key"/> in the order of <paramref name="pass"/>
    /// to <paramref name="destination"/> (WordCount(n) words; the bits past n in the last word are zeroed).
    /// </summary>
    public void WriteInPassOrder(int pass, ReadOnlySpan<ulong> key, Span<ulong> destination)
    {
        int n = Length;
        int words = BitVector.WordCount(n);
        if (key.Length < words || destination.Length < words)
        {
            throw new ArgumentException($"A {n}-bit key needs {words} words in the key and the destination.");
        }

        switch (_kinds[CheckPass(pass)])
        {
            case CascadePassKind.Contiguous:
                key[..words].CopyTo(destination);
                break;
            case CascadePassKind.Shuffled:
                GatherShuffled(_orders[pass]!, key, destination[..words]);
                break;
            default:
                ulong[] mask = _masks[pass]!;
                int half = BasisSifter.Gather(mask, ones: true, key, n, destination, 0);
                BasisSifter.Gather(mask, ones: false, key, n, destination, half);
                break;
        }

        if ((n & 63) != 0)
        {
            destination[words - 1] &= (1UL << (n & 63)) - 1;
        }
    }

    /// <summary>
    /// Parity of a whole block of a halves pass straight from the key (no ordered copy): the XOR of the key's words
    /// masked by the half. The key's bits past n must be zero.
    /// </summary>
    public int HalfParity(int pass, int block, ReadOnlySpan<ulong> key)
    {
        if (_kinds[CheckPass(pass)] != CascadePassKind.Halves)
        {
            throw new ArgumentException($"Pass {pass} is not a halves pass.", nameof(pass));
        }

        ulong[] mask = _masks[pass]!;
        bool first = block == 0 && _blockSizes[pass] != 0;
        ulong accumulator = 0;
        for (int w = 0; w < mask.Length; w++)
        {
            accumulator ^= key[w] & (first ? mask[w] : ~mask[w]);
        }

        return BitOperations.PopCount(accumulator) & 1;
    }

    /// <summary>
    /// The random part of a schedule, which depends on n, the pass count and the seed but not on the QBER. Building it
    /// costs tens of milliseconds at 2^20 bits (two shuffles), so the last few are kept: a link reuses one seed per
    /// session, and both ends of an in-process link share them. Read-only once built.
    /// </summary>
    private sealed class Permutations
    {
        private const int Kept = 4;
        private static readonly Lock s_lock = new();
        private static readonly List<Permutations> s_recent = [];

        private Permutations(int n, int passes, ulong seed)
        {
            N = n;
            Passes = passes;
            Seed = seed;
            Orders = new int[]?[passes];
            Inverses = new int[]?[passes];
            Masks = new ulong[]?[passes];
            Ranks = new int[]?[passes];
            HalfSizes = new int[passes];
            var random = new DeterministicRandom(seed);
            for (int pass = 1; pass < Math.Min(passes, 3); pass++)
            {
                (Orders[pass], Inverses[pass]) = Shuffle(n, ref random);
            }

            for (int pass = 3; pass < passes; pass++)
            {
                (Masks[pass], Ranks[pass], HalfSizes[pass]) = RandomHalf(n, ref random);
            }
        }

        public int N { get; }

        public int Passes { get; }

        public ulong Seed { get; }

        public int[]?[] Orders { get; }

        public int[]?[] Inverses { get; }

        public ulong[]?[] Masks { get; }

        public int[]?[] Ranks { get; }

        public int[] HalfSizes { get; }

        public static Permutations Get(int n, int passes, ulong seed)
        {
            lock (s_lock)
            {
                Permutations? found = s_recent.Find(p => p.N == n && p.Passes == passes && p.Seed == seed);
                if (found is not null)
                {
                    return found;
                }
            }

            var built = new Permutations(n, passes, seed);
            lock (s_lock)
            {
                s_recent.Insert(0, built);
                if (s_recent.Count > Kept)
                {
                    s_recent.RemoveAt(Kept);
                }
            }

            return built;
        }
    }

    /// <summary>Martinez-Mateo et al.'s opt. (8) block sizes of the first three passes for a QBER q.</summary>
    private static int[] ShuffledBlockSizes(double q)
    {
        double alpha = Math.Log2(1.0 / q) - 0.5;
        return [PowerOfTwo(Math.Ceiling(alpha)), PowerOfTwo(Math.Ceiling((alpha + 12.0) / 2.0)), 4096];
    }

    private static int PowerOfTwo(double exponent) => 1 << (int)Math.Clamp(exponent, 0.0, 30.0);

    private static (int[] Order, int[] Inverse) Shuffle(int n, ref DeterministicRandom random)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (int j = n - 1; j > 0; j--)
        {
            int other = random.NextInt(j + 1);
            (order[j], order[other]) = (order[other], order[j]);
        }

        var inverse = new int[n];
        for (int i = 0; i < n; i++)
        {
            inverse[order[i]] = i;
        }

        return (order, inverse);
    }

    private static (ulong[] Mask, int[] Ranks, int Size) RandomHalf(int n, ref DeterministicRandom random)
    {
        int words = BitVector.WordCount(n);
        var mask = new ulong[words];
        var ranks = new int[words + 1];
        for (int w = 0; w < words; w++)
        {
            mask[w] = random.NextUInt64();
        }

        if ((n & 63) != 0)
        {
            mask[words - 1] &= (1UL << (n & 63)) - 1;
        }

        for (int w = 0; w < words; w++)
        {
            ranks[w + 1] = ranks[w] + BitOperations.PopCount(mask[w]);
        }

        return (mask, ranks, ranks[words]);
    }

    private static void GatherShuffled(int[] order, ReadOnlySpan<ulong> key, Span<ulong> destination)
    {
        int n = order.Length;
        for (int w = 0; w < destination.Length; w++)
        {
            int first = w << 6;
            int count = Math.Min(64, n - first);
            ulong word = 0;
            for (int j = 0; j < count; j++)
            {
                int position = order[first + j];
                word |= ((key[position >> 6] >> position) & 1) << j;
            }

            destination[w] = word;
        }
    }

    /// <summary>The position of the r-th member of the first half (index &lt; size) or of the second.</summary>
    private int SelectInHalf(int pass, int index)
    {
        ulong[] mask = _masks[pass]!;
        int[] ranks = _ranks[pass]!;
        bool first = index < _blockSizes[pass];
        int rank = first ? index : index - _blockSizes[pass];

        // The last word whose members before it number at most rank.
        int low = 0;
        int high = mask.Length - 1;
        while (low < high)
        {
            int middle = (low + high + 1) >> 1;
            int before = first ? ranks[middle] : (middle << 6) - ranks[middle];
            if (before <= rank)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        ulong word = first ? mask[low] : ~mask[low];
        int skip = rank - (first ? ranks[low] : (low << 6) - ranks[low]);
        for (int s = 0; s < skip; s++)
        {
            word &= word - 1;
        }

        return (low << 6) + BitOperations.TrailingZeroCount(word);
    }

    private int CheckPass(int pass)
    {
        if ((uint)pass >= (uint)_kinds.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(pass), pass, $"The schedule has {_kinds.Length} passes.");
        }

        return pass;
    }
}
