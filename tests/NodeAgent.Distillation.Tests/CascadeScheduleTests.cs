using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Distillation.Tests;

public class CascadeScheduleTests
{
    [Theory]
    [InlineData(0.01, 73)]     // ⌈0.73 / 0.01⌉
    [InlineData(0.03, 25)]     // ⌈24.33⌉
    [InlineData(0.05, 15)]     // ⌈14.6⌉
    [InlineData(0.08, 10)]     // ⌈9.125⌉
    [InlineData(0.0, 146)]     // clamped up to the 0.5 % minimum
    [InlineData(0.001, 146)]
    [InlineData(0.9, 1)]
    public void Block_sizes_start_at_0_73_over_qber_and_double_per_pass(double qber, int first)
    {
        CascadeSchedule schedule = CascadeSchedule.Create(100_000, qber, 1, new CascadeOptions());
        Assert.Equal(4, schedule.PassCount);
        for (int pass = 0; pass < 4; pass++)
        {
            Assert.Equal(first << pass, schedule.BlockSize(pass));
            Assert.Equal((100_000 + (first << pass) - 1) / (first << pass), schedule.BlockCount(pass));
        }
    }

    [Fact]
    public void Block_sizes_are_clamped_to_the_key_length()
    {
        CascadeSchedule schedule = CascadeSchedule.Create(100, 0.01, 1, new CascadeOptions { Passes = 3 });
        Assert.Equal([73, 100, 100], Enumerable.Range(0, 3).Select(schedule.BlockSize));
        Assert.Equal([2, 1, 1], Enumerable.Range(0, 3).Select(schedule.BlockCount));

        CascadeSchedule empty = CascadeSchedule.Create(0, 0.01, 1, new CascadeOptions());
        Assert.Equal(0, empty.Length);
        Assert.Equal(1, empty.BlockSize(0));
        Assert.Equal(0, empty.BlockCount(0));
        Assert.True(empty.Permutation(1).IsEmpty);
    }

    [Fact]
    public void Pass_0_is_the_identity_and_later_passes_are_seeded_permutations()
    {
        const int N = 5000;
        CascadeSchedule a = CascadeSchedule.Create(N, 0.02, 1234, new CascadeOptions());
        CascadeSchedule b = CascadeSchedule.Create(N, 0.02, 1234, new CascadeOptions());
        CascadeSchedule c = CascadeSchedule.Create(N, 0.02, 1235, new CascadeOptions());

        Assert.Equal(Enumerable.Range(0, N), a.Permutation(0).ToArray());
        for (int pass = 1; pass < a.PassCount; pass++)
        {
            int[] permutation = a.Permutation(pass).ToArray();
            Assert.Equal(Enumerable.Range(0, N), permutation.Order());
            Assert.Equal(permutation, b.Permutation(pass).ToArray());
            Assert.NotEqual(permutation, c.Permutation(pass).ToArray());
            Assert.NotEqual(permutation, a.Permutation(pass == 1 ? 2 : 1).ToArray());
            ReadOnlySpan<int> inverse = a.InversePermutation(pass);
            for (int i = 0; i < N; i++)
            {
                Assert.Equal(i, inverse[permutation[i]]);
            }

            // A shuffle moves almost everything: expect about one fixed point.
            Assert.True(Enumerable.Range(0, N).Count(i => permutation[i] == i) < 10);
        }
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var options = new CascadeOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeSchedule.Create(-1, 0.01, 0, options));
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeSchedule.Create(10, double.NaN, 0, options));
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeSchedule.Create(10, -0.1, 0, options));
        Assert.Throws<ArgumentNullException>(() => CascadeSchedule.Create(10, 0.01, 0, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeSchedule.Create(10, 0.01, 0, new CascadeOptions { Passes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeSchedule.Create(10, 0.01, 0, new CascadeOptions { MinimumQber = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeSchedule.Create(10, 0.01, 0, new CascadeOptions { MaxRounds = 0 }));
        CascadeSchedule schedule = CascadeSchedule.Create(10, 0.01, 0, options);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.BlockSize(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Permutation(-1).Length);
    }
}
