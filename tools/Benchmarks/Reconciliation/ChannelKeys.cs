using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Benchmarks.Reconciliation;

/// <summary>Key pairs for the sweep: a uniform key and its copy through a binary symmetric channel.</summary>
internal static class ChannelKeys
{
    /// <summary>Fills <paramref name="alice"/> and <paramref name="bob"/> (n bits each); returns the errors drawn.</summary>
    public static int Fill(BitVector alice, BitVector bob, int n, double qber, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        alice.Clear();
        bob.Clear();
        int errors = 0;
        for (int first = 0; first < n; first += 64)
        {
            int count = Math.Min(64, n - first);
            ulong bits = random.NextUInt64();
            ulong flips = 0;
            for (int j = 0; j < count; j++)
            {
                if (random.NextDouble() < qber)
                {
                    flips |= 1UL << j;
                    errors++;
                }
            }

            ulong valid = count == 64 ? ~0UL : (1UL << count) - 1;
            alice.AppendLowBits(bits & valid, count);
            bob.AppendLowBits((bits ^ flips) & valid, count);
        }

        return errors;
    }
}
