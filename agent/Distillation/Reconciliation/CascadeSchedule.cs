using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// The public plan of one Cascade run: key length, block size per pass and the permutation of each pass. Both ends
/// build it from the same public inputs (length, QBER estimate, seed, options) and must obtain identical schedules.
/// </summary>
/// <remarks>
/// Block sizes follow Brassard &amp; Salvail, "Secret-key reconciliation by public discussion", EUROCRYPT '93, LNCS 765:
/// k1 = ⌈0.73 / Q⌉ and k(i+1) = 2·k(i), each clamped to [1, n]; the last block of a pass may be shorter. Pass 0 keeps
/// the key order; pass i ≥ 1 uses a Fisher–Yates shuffle (for j = n−1 down to 1, swap j with a uniform index in
/// [0, j]) driven by one <see cref="DeterministicRandom"/> seeded with the permutation seed, passes drawn in order.
/// Permutation(p)[i] is the key position at index i of pass p. Immutable after creation; thread-safe to read.
/// </remarks>
public sealed class CascadeSchedule
{
    private readonly int[] _blockSizes;
    private readonly int[][] _permutations;
    private readonly int[][] _inverses;

    private CascadeSchedule(int length, int[] blockSizes, int[][] permutations, int[][] inverses, int maxRounds)
    {
        Length = length;
        _blockSizes = blockSizes;
        _permutations = permutations;
        _inverses = inverses;
        MaxRounds = maxRounds;
    }

    /// <summary>Key length n in bits.</summary>
    public int Length { get; }

    /// <summary>Number of passes.</summary>
    public int PassCount => _blockSizes.Length;

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

        double q = Math.Max(qber, options.MinimumQber);
        int maxBlock = Math.Max(n, 1);
        var blockSizes = new int[options.Passes];
        double size = Math.Ceiling(0.73 / q);
        for (int pass = 0; pass < blockSizes.Length; pass++)
        {
            blockSizes[pass] = (int)Math.Clamp(size, 1.0, maxBlock);
            size *= 2.0;
        }

        var permutations = new int[options.Passes][];
        var inverses = new int[options.Passes][];
        var identity = new int[n];
        for (int i = 0; i < n; i++)
        {
            identity[i] = i;
        }

        permutations[0] = identity;
        inverses[0] = identity;
        var random = new DeterministicRandom(permutationSeed);
        for (int pass = 1; pass < permutations.Length; pass++)
        {
            int[] permutation = (int[])identity.Clone();
            for (int j = n - 1; j > 0; j--)
            {
                int other = random.NextInt(j + 1);
                (permutation[j], permutation[other]) = (permutation[other], permutation[j]);
            }

            var inverse = new int[n];
            for (int i = 0; i < n; i++)
            {
                inverse[permutation[i]] = i;
            }

            permutations[pass] = permutation;
            inverses[pass] = inverse;
        }

        return new CascadeSchedule(n, blockSizes, permutations, inverses, options.MaxRounds);
    }

    /// <summary>Block size of <paramref name="pass"/> (the last block may be shorter).</summary>
    public int BlockSize(int pass) => _blockSizes[CheckPass(pass)];

    /// <summary>Number of blocks in <paramref name="pass"/>: ⌈n / BlockSize(pass)⌉.</summary>
    public int BlockCount(int pass) => (int)(((long)Length + BlockSize(pass) - 1) / BlockSize(pass));

    /// <summary>Permutation(pass)[i] is the key position at index i of the pass's order; pass 0 is the identity.</summary>
    public ReadOnlySpan<int> Permutation(int pass) => _permutations[CheckPass(pass)];

    /// <summary>InversePermutation(pass)[x] is the index of key position x in the pass's order.</summary>
    public ReadOnlySpan<int> InversePermutation(int pass) => _inverses[CheckPass(pass)];

    private int CheckPass(int pass)
    {
        if ((uint)pass >= (uint)_blockSizes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(pass), pass, $"The schedule has {_blockSizes.Length} passes.");
        }

        return pass;
    }
}
