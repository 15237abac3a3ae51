using System.Buffers;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Estimation;

/// <summary>
/// Random sampling of sifted-key positions for error estimation: both ends derive the same positions from a public
/// seed, disclose and compare those bits, and drop them from the key.
/// </summary>
public static class ErrorSample
{
    /// <summary>
    /// Chooses <paramref name="k"/> distinct positions uniformly from [0, <paramref name="n"/>), sorted ascending.
    /// </summary>
    /// <remarks>
    /// The first k steps of a Fisher–Yates shuffle (Durstenfeld's form, Knuth TAOCP vol. 2, Algorithm 3.4.2P) of
    /// 0..n-1: step i swaps slot i with a uniform slot in [i, n). Uniform over k-subsets; part of the wire contract.
    /// </remarks>
    public static int[] ChoosePositions(int n, int k, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (k == 0)
        {
            return [];
        }

        var random = new DeterministicRandom(seed);
        int[] pool = ArrayPool<int>.Shared.Rent(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                pool[i] = i;
            }

            for (int i = 0; i < k; i++)
            {
                int j = i + random.NextInt(n - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }

            int[] chosen = pool.AsSpan(0, k).ToArray();
            Array.Sort(chosen);
            return chosen;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(pool);
        }
    }

    /// <summary>The bits of <paramref name="source"/> at the given strictly ascending positions, in that order.</summary>
    public static BitVector Extract(BitVector source, ReadOnlySpan<int> sortedPositions)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckPositions(sortedPositions, source.Length);
        var sample = new BitVector(sortedPositions.Length);
        foreach (int position in sortedPositions)
        {
            sample.Append(source.Get(position));
        }

        return sample;
    }

    /// <summary>The bits of <paramref name="source"/> not at the given strictly ascending positions, order kept.</summary>
    public static BitVector Remove(BitVector source, ReadOnlySpan<int> sortedPositions)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckPositions(sortedPositions, source.Length);
        var rest = new BitVector(source.Length - sortedPositions.Length);
        ReadOnlySpan<ulong> words = source.Words;
        int runStart = 0;
        foreach (int position in sortedPositions)
        {
            // Copy the run between two sampled positions word-wise.
            rest.AppendBits(words, runStart, position - runStart);
            runStart = position + 1;
        }

        rest.AppendBits(words, runStart, source.Length - runStart);
        return rest;
    }

    private static void CheckPositions(ReadOnlySpan<int> positions, int length)
    {
        int previous = -1;
        for (int i = 0; i < positions.Length; i++)
        {
            int position = positions[i];
            if (position <= previous || position >= length)
            {
                throw new ArgumentException(
                    $"Sample position {position} at index {i} is not strictly ascending within [0, {length}).",
                    nameof(positions));
            }

            previous = position;
        }
    }
}
