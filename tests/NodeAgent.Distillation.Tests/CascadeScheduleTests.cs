using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Distillation.Tests;

public class CascadeScheduleTests
{
    /// <summary>
    /// Martinez-Mateo et al., QIC 15, 453 (2015), opt. (8): α = log2(1/Q) − 0.5, k1 = 2^⌈α⌉, k2 = 2^⌈(α + 12)/2⌉,
    /// k3 = 4096, then halves. The expected sizes are worked by hand from those formulas.
    /// </summary>
    [Theory]
    [InlineData(0.01, 128, 1024)]   // α = 6.14; (α + 12)/2 = 9.07
    [InlineData(0.02, 64, 512)]     // α = 5.14; 8.57
    [InlineData(0.05, 16, 256)]     // α = 3.82; 7.91
    [InlineData(0.1, 8, 256)]       // α = 2.82; 7.41
    [InlineData(0.0, 1024, 2048)]   // clamped up to the 0.1 % minimum: α = 9.47; 10.73
    [InlineData(0.9, 1, 64)]        // α = −0.35 → 2^0; 5.83
    public void Block_sizes_follow_the_opt_8_schedule(double qber, int first, int second)
    {
        const int N = 100_000;
        CascadeSchedule schedule = CascadeSchedule.Create(N, qber, 1, new CascadeOptions());
        Assert.Equal(14, schedule.PassCount);
        Assert.Equal([first, second, 4096], Enumerable.Range(0, 3).Select(schedule.BlockSize));
        Assert.Equal(CascadePassKind.Contiguous, schedule.Kind(0));
        Assert.Equal(CascadePassKind.Shuffled, schedule.Kind(1));
        Assert.Equal(CascadePassKind.Shuffled, schedule.Kind(2));
        for (int pass = 0; pass < 3; pass++)
        {
            Assert.Equal((N + schedule.BlockSize(pass) - 1) / schedule.BlockSize(pass), schedule.BlockCount(pass));
        }

        for (int pass = 3; pass < 14; pass++)
        {
            Assert.Equal(CascadePassKind.Halves, schedule.Kind(pass));
            Assert.Equal(2, schedule.BlockCount(pass));

            // A binomial(n, 1/2) subset: within 6 standard deviations (√n / 2 ≈ 158) of n/2.
            Assert.InRange(schedule.BlockLength(pass, 0), (N / 2) - 950, (N / 2) + 950);
            Assert.Equal(N, schedule.BlockLength(pass, 0) + schedule.BlockLength(pass, 1));
        }
    }

    [Fact]
    public void Block_sizes_are_clamped_to_the_key_length()
    {
        CascadeSchedule schedule = CascadeSchedule.Create(100, 0.01, 1, new CascadeOptions { Passes = 3 });
        Assert.Equal([100, 100, 100], Enumerable.Range(0, 3).Select(schedule.BlockSize));
        Assert.Equal([1, 1, 1], Enumerable.Range(0, 3).Select(schedule.BlockCount));

        CascadeSchedule empty = CascadeSchedule.Create(0, 0.01, 1, new CascadeOptions());
        Assert.Equal(0, empty.Length);
        Assert.All(Enumerable.Range(0, empty.PassCount), pass => Assert.Equal(0, empty.BlockCount(pass)));

        // One bit: each halves pass has one non-empty block.
        CascadeSchedule one = CascadeSchedule.Create(1, 0.01, 3, new CascadeOptions());
        Assert.All(Enumerable.Range(0, one.PassCount), pass => Assert.Equal(1, one.BlockCount(pass)));
        Assert.All(Enumerable.Range(0, one.PassCount), pass => Assert.Equal(1, one.BlockLength(pass, 0)));
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(4097)]
    [InlineData(63)]
    public void Every_pass_orders_the_key_by_a_seeded_permutation_with_matching_blocks(int n)
    {
        CascadeSchedule a = CascadeSchedule.Create(n, 0.02, 1234, new CascadeOptions());
        CascadeSchedule b = CascadeSchedule.Create(n, 0.02, 1234, new CascadeOptions());
        CascadeSchedule c = CascadeSchedule.Create(n, 0.02, 1235, new CascadeOptions());
        Assert.Equal(Enumerable.Range(0, n), Enumerable.Range(0, n).Select(i => a.PositionAt(0, i)));
        for (int pass = 1; pass < a.PassCount; pass++)
        {
            int[] order = Enumerable.Range(0, n).Select(i => a.PositionAt(pass, i)).ToArray();
            Assert.Equal(Enumerable.Range(0, n), order.Order());
            Assert.Equal(order, Enumerable.Range(0, n).Select(i => b.PositionAt(pass, i)));
            Assert.NotEqual(order, Enumerable.Range(0, n).Select(i => c.PositionAt(pass, i)));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(i, a.IndexOf(pass, order[i]));
            }

            // Blocks tile [0, n) in order, and BlockOfIndex agrees with them.
            int next = 0;
            for (int block = 0; block < a.BlockCount(pass); block++)
            {
                Assert.Equal(next, a.BlockStart(pass, block));
                Assert.True(a.BlockLength(pass, block) > 0);
                for (int i = next; i < next + a.BlockLength(pass, block); i++)
                {
                    Assert.Equal(block, a.BlockOfIndex(pass, i));
                }

                next += a.BlockLength(pass, block);
            }

            Assert.Equal(n, next);
            if (a.Kind(pass) == CascadePassKind.Halves)
            {
                // Each half in key order.
                for (int block = 0; block < a.BlockCount(pass); block++)
                {
                    int[] half = order.AsSpan(a.BlockStart(pass, block), a.BlockLength(pass, block)).ToArray();
                    Assert.Equal(half.Order(), half);
                }
            }
            else if (n > 1000)
            {
                // A shuffle moves almost everything: expect about one fixed point.
                Assert.True(Enumerable.Range(0, n).Count(i => order[i] == i) < 10);
            }
        }
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(4097)]
    [InlineData(64)]
    [InlineData(1)]
    public void WriteInPassOrder_matches_a_bit_by_bit_copy(int n)
    {
        CascadeSchedule schedule = CascadeSchedule.Create(n, 0.05, 77, new CascadeOptions());
        var random = new Random(n);
        int words = BitVector.WordCount(n);
        ulong[] key = Enumerable.Range(0, words + 1).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)).ToArray();
        for (int pass = 0; pass < schedule.PassCount; pass++)
        {
            ulong[] ordered = Enumerable.Repeat(ulong.MaxValue, words + 1).ToArray();
            schedule.WriteInPassOrder(pass, key, ordered);
            for (int i = 0; i < n; i++)
            {
                int position = schedule.PositionAt(pass, i);
                Assert.Equal((key[position >> 6] >> (position & 63)) & 1, (ordered[i >> 6] >> (i & 63)) & 1);
            }

            if ((n & 63) != 0)
            {
                Assert.Equal(0UL, ordered[words - 1] >> (n & 63)); // tail zeroed
            }

            Assert.Equal(ulong.MaxValue, ordered[words]); // words past the key untouched
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
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeSchedule.Create(10, 0.01, 0, new CascadeOptions { NextPassBacklog = -1 }));
        CascadeSchedule schedule = CascadeSchedule.Create(10, 0.01, 0, options);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.BlockSize(14));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Kind(-1));
        Assert.Throws<ArgumentException>(() => schedule.WriteInPassOrder(0, new ulong[1], Array.Empty<ulong>()));
    }
}
