using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Estimation;

namespace NodeAgent.Distillation.Tests;

public class ErrorSampleTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(100, 37)]
    [InlineData(100, 100)]
    [InlineData(10_000, 500)]
    public void Positions_are_distinct_sorted_in_range_and_reproducible(int n, int k)
    {
        int[] positions = ErrorSample.ChoosePositions(n, k, 77);
        Assert.Equal(k, positions.Length);
        for (int i = 0; i < k; i++)
        {
            Assert.InRange(positions[i], 0, n - 1);
            if (i > 0)
            {
                Assert.True(positions[i] > positions[i - 1]);
            }
        }

        Assert.Equal(positions, ErrorSample.ChoosePositions(n, k, 77));
    }

    [Fact]
    public void Every_position_is_chosen_about_equally_often()
    {
        // n = 20, k = 5 over 8000 seeds: each position expected 2000 times. Chi-square, 19 d.o.f., 0.1 % = 43.82.
        const int N = 20;
        const int K = 5;
        const int Trials = 8000;
        var counts = new int[N];
        for (int trial = 0; trial < Trials; trial++)
        {
            foreach (int p in ErrorSample.ChoosePositions(N, K, (ulong)trial))
            {
                counts[p]++;
            }
        }

        double expected = Trials * K / (double)N;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 43.82, $"chi-square {chiSquare:F2}");
    }

    [Fact]
    public void Different_seeds_give_different_samples()
    {
        Assert.NotEqual(ErrorSample.ChoosePositions(1000, 50, 1), ErrorSample.ChoosePositions(1000, 50, 2));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(64, 10)]
    [InlineData(65, 64)]
    [InlineData(1000, 123)]
    [InlineData(1000, 0)]
    [InlineData(1000, 1000)]
    public void Extract_and_Remove_split_the_key_in_order(int n, int k)
    {
        var random = new Random(n + k);
        using var source = new BitVector();
        for (int i = 0; i < n; i++)
        {
            source.Append(random.Next(2));
        }

        int[] positions = ErrorSample.ChoosePositions(n, k, (ulong)(n * 31 + k));
        using BitVector sample = ErrorSample.Extract(source, positions);
        using BitVector rest = ErrorSample.Remove(source, positions);

        var chosen = new HashSet<int>(positions);
        Assert.Equal(positions.Select(source.Get), Enumerable.Range(0, sample.Length).Select(sample.Get));
        Assert.Equal(
            Enumerable.Range(0, n).Where(i => !chosen.Contains(i)).Select(source.Get),
            Enumerable.Range(0, rest.Length).Select(rest.Get));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorSample.ChoosePositions(5, 6, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorSample.ChoosePositions(5, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorSample.ChoosePositions(-1, 0, 0));
        using var source = BitVector.FromWords([0xFFUL], 10);
        Assert.Throws<ArgumentException>(() => ErrorSample.Extract(source, [3, 3]));
        Assert.Throws<ArgumentException>(() => ErrorSample.Extract(source, [4, 2]));
        Assert.Throws<ArgumentException>(() => ErrorSample.Remove(source, [10]));
        Assert.Throws<ArgumentException>(() => ErrorSample.Remove(source, [-1]));
    }
}
