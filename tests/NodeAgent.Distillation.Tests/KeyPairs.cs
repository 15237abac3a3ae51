using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Tests;

internal static class KeyPairs
{
    /// <summary>A random key and a copy passed through a binary symmetric channel with crossover probability qber.</summary>
    public static (BitVector Alice, BitVector Bob, int Errors) Create(int n, double qber, int seed)
    {
        var random = new Random(seed);
        var alice = new BitVector(n);
        var bob = new BitVector(n);
        int errors = 0;
        for (int i = 0; i < n; i++)
        {
            int bit = random.Next(2);
            int flip = random.NextDouble() < qber ? 1 : 0;
            errors += flip;
            alice.Append(bit);
            bob.Append(bit ^ flip);
        }

        return (alice, bob, errors);
    }
}
