using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Tests;

public class ToeplitzHashTests
{
    /// <summary>Independent oracle: build the m×n matrix T[i, j] = s[i − j + n − 1] explicitly and multiply bit by bit.</summary>
    private static ulong[] Naive(ulong[] input, int n, ulong[] seed, int m)
    {
        var matrix = new bool[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                matrix[i, j] = Bit(seed, i - j + n - 1) == 1;
            }
        }

        var output = new ulong[BitVector.WordCount(m)];
        for (int i = 0; i < m; i++)
        {
            int sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum ^= matrix[i, j] ? Bit(input, j) : 0;
            }

            output[i >> 6] |= (ulong)sum << (i & 63);
        }

        return output;
    }

    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        var random = new Random(1);
        foreach (int n in new[] { 1, 2, 63, 64, 65, 127, 128, 129, 1000 })
        {
            foreach (int m in new[] { 1, n, random.Next(1, n + 1), 63, 64, 65, 128, 129 }.Where(m => m <= n).Distinct())
            {
                data.Add(n, m);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matches_the_explicit_matrix_product(int n, int m)
    {
        int seedValue = (n * 7919) + m;
        var random = new Random(seedValue);
        for (int trial = 0; trial < 3; trial++)
        {
            // Extra random words and garbage tail bits: nothing past n (input) or n+m−1 (seed) may matter.
            ulong[] input = RandomWords(random, BitVector.WordCount(n) + 1);
            ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(n, m)) + 1);
            ulong[] expected = Naive(input, n, seed, m);

            ulong[] output = Enumerable.Repeat(ulong.MaxValue, expected.Length + 1).ToArray();
            ToeplitzHash.Compute(input, n, seed, output, m);
            Assert.True(expected.AsSpan().SequenceEqual(output.AsSpan(0, expected.Length)), $"seed {seedValue}, n {n}, m {m}, trial {trial}");
            Assert.Equal(ulong.MaxValue, output[^1]); // words past the output are untouched

            // The window-XOR reference agrees with the same oracle.
            output.AsSpan().Fill(ulong.MaxValue);
            ToeplitzHash.ComputeReference(input, n, seed, output, m);
            Assert.True(expected.AsSpan().SequenceEqual(output.AsSpan(0, expected.Length)), $"reference: seed {seedValue}, n {n}, m {m}, trial {trial}");
            Assert.Equal(ulong.MaxValue, output[^1]);

            // The exact-length spans give the same answer (tail words present only in the padded case).
            ulong[] exactInput = input.AsSpan(0, BitVector.WordCount(n)).ToArray();
            ulong[] exactSeed = seed.AsSpan(0, BitVector.WordCount(ToeplitzHash.SeedBits(n, m))).ToArray();
            var exactOutput = new ulong[expected.Length];
            ToeplitzHash.Compute(exactInput, n, exactSeed, exactOutput, m);
            Assert.Equal(expected, exactOutput);
        }
    }

    [Fact]
    public void Hand_computed_4_to_3_example()
    {
        // n = 4, m = 3, seed s0..s5 = 1 1 0 1 0 0 (word 0b001011). T[i, j] = s[i − j + 3]:
        //   row 0: s3 s2 s1 s0 = 1 0 1 1
        //   row 1: s4 s3 s2 s1 = 0 1 0 1
        //   row 2: s5 s4 s3 s2 = 0 0 1 0
        // x = x0..x3 = 1 1 0 0 (word 0b0011): y0 = 1⊕0 = 1, y1 = 0⊕1 = 1, y2 = 0⊕0 = 0 → word 0b011.
        // x = 1 0 1 1 (word 0b1101):          y0 = 1⊕1⊕1 = 1, y1 = 0⊕0⊕1 = 1, y2 = 0⊕1⊕0 = 1 → word 0b111.
        // x = 0 0 1 0 (word 0b0100):          y = column 2 = (1, 0, 1) → word 0b101.
        ulong[] seed = [0b001011];
        var output = new ulong[1];
        ToeplitzHash.Compute([0b0011UL], 4, seed, output, 3);
        Assert.Equal(0b011UL, output[0]);
        ToeplitzHash.Compute([0b1101UL], 4, seed, output, 3);
        Assert.Equal(0b111UL, output[0]);
        ToeplitzHash.Compute([0b0100UL], 4, seed, output, 3);
        Assert.Equal(0b101UL, output[0]);
    }

    [Theory]
    [InlineData(1000, 600)]
    [InlineData(129, 65)]
    public void Is_linear_over_GF2(int n, int m)
    {
        var random = new Random(n + m);
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(n, m)));
        for (int trial = 0; trial < 20; trial++)
        {
            ulong[] x = RandomWords(random, BitVector.WordCount(n));
            ulong[] y = RandomWords(random, BitVector.WordCount(n));
            ulong[] xy = x.Zip(y, (a, b) => a ^ b).ToArray();
            var tx = new ulong[BitVector.WordCount(m)];
            var ty = new ulong[tx.Length];
            var txy = new ulong[tx.Length];
            ToeplitzHash.Compute(x, n, seed, tx, m);
            ToeplitzHash.Compute(y, n, seed, ty, m);
            ToeplitzHash.Compute(xy, n, seed, txy, m);
            Assert.Equal(tx.Zip(ty, (a, b) => a ^ b), txy);
            Assert.Equal(0UL, txy[^1] >> (m & 63)); // tail bits zero
        }
    }

    [Fact]
    public void Large_100000_to_50000_completes_and_spot_checks_agree()
    {
        const int N = 100_000;
        const int M = 50_000;
        var random = new Random(100);
        ulong[] input = RandomWords(random, BitVector.WordCount(N));
        ulong[] seed = RandomWords(random, BitVector.WordCount(ToeplitzHash.SeedBits(N, M)));
        var output = new ulong[BitVector.WordCount(M)];
        ToeplitzHash.Compute(input, N, seed, output, M);

        // y_i = ⊕_j x_j · s[i + n − 1 − j], straight from the definition, for a few rows.
        foreach (int i in new[] { 0, 1, 63, 64, 12_345, M - 1 })
        {
            int sum = 0;
            for (int j = 0; j < N; j++)
            {
                sum ^= Bit(input, j) & Bit(seed, i + N - 1 - j);
            }

            Assert.Equal(sum, Bit(output, i));
        }

        Assert.Equal(0UL, output[^1] >> (M & 63));
    }

    [Fact]
    public void Rejects_bad_sizes()
    {
        ulong[] words = new ulong[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => ToeplitzHash.SeedBits(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ToeplitzHash.SeedBits(10, 0));
        Assert.Throws<ArgumentException>(() => ToeplitzHash.SeedBits(10, 11));
        Assert.Equal(int.MaxValue, ToeplitzHash.SeedBits(int.MaxValue, 1));
        Assert.ThrowsAny<ArgumentException>(() => ToeplitzHash.SeedBits(int.MaxValue, 2));

        Assert.Throws<ArgumentException>(() => ToeplitzHash.Compute(words, 64, words.AsSpan(0, 1), words, 64));   // seed needs 127 bits
        Assert.Throws<ArgumentException>(() => ToeplitzHash.Compute(words.AsSpan(0, 1), 65, words, words, 2));  // input too short
        Assert.Throws<ArgumentException>(() => ToeplitzHash.Compute(words, 128, words, new ulong[1], 65));      // output too short
        Assert.Throws<ArgumentException>(() => ToeplitzHash.Compute(words, 10, words, words, 11));              // m > n
        Assert.Throws<ArgumentOutOfRangeException>(() => ToeplitzHash.Compute(words, 10, words, words, 0));     // m < 1
    }

    private static int Bit(ulong[] words, int i) => (int)((words[i >> 6] >> (i & 63)) & 1);

    private static ulong[] RandomWords(Random random, int count)
    {
        ulong[] words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
        }

        return words;
    }
}
