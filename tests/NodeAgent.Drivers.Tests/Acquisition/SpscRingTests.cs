using NodeAgent.Acquisition;

namespace NodeAgent.Drivers.Tests.Acquisition;

/// <summary>The ring: capacity rules, order across the wrap, full and empty, misuse.</summary>
public sealed class SpscRingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Capacity_must_be_a_power_of_two(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<long>(capacity));

    [Fact]
    public void Random_batches_come_out_in_order_across_many_wraps()
    {
        int seed = 20261123;
        var random = new Random(seed);
        var ring = new SpscRing<long>(64);
        var reference = new Queue<long>();
        long next = 0;
        long expected = 0;
        var buffer = new long[100];
        for (int round = 0; round < 3_000; round++)
        {
            Span<long> free = ring.GetWriteSpan();
            int n = random.Next(free.Length + 1);
            for (int i = 0; i < n; i++)
            {
                free[i] = next;
                reference.Enqueue(next++);
            }

            ring.Publish(n);
            int read = ring.TryRead(buffer.AsSpan(0, random.Next(buffer.Length)));
            for (int i = 0; i < read; i++)
            {
                Assert.Equal(reference.Dequeue(), buffer[i]);
                Assert.Equal(expected++, buffer[i]);
            }
        }

        Assert.True(next > 64 * 30, $"seed {seed}: only {next} elements went through");
        Assert.Equal(reference.Count, ring.Count);
    }

    [Fact]
    public void A_full_ring_offers_no_space_and_an_empty_one_nothing_to_read()
    {
        var ring = new SpscRing<int>(8);
        Assert.True(ring.GetReadSpan().IsEmpty);

        ring.GetWriteSpan().Fill(1);
        ring.Publish(8);

        Assert.True(ring.GetWriteSpan().IsEmpty);
        Assert.Equal(8, ring.Count);
        ring.Release(ring.GetReadSpan().Length);
        Assert.Equal(8, ring.GetWriteSpan().Length);
    }

    [Fact]
    public void Publishing_or_releasing_more_than_handed_out_throws()
    {
        var ring = new SpscRing<int>(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Publish(9));
        ring.Publish(3);
        _ = ring.GetReadSpan();
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Release(4));
    }

    [Fact]
    public void Two_threads_pass_every_element_in_order()
    {
        const long Total = 300_000;
        var ring = new SpscRing<long>(1024);
        var producer = new Thread(() =>
        {
            long next = 0;
            while (next < Total)
            {
                Span<long> free = ring.GetWriteSpan();
                int n = (int)Math.Min(free.Length, Total - next);
                for (int i = 0; i < n; i++)
                {
                    free[i] = next++;
                }

                ring.Publish(n);
            }
        });
        producer.Start();

        long expected = 0;
        long mismatches = 0;
        while (expected < Total)
        {
            ReadOnlySpan<long> available = ring.GetReadSpan();
            foreach (long value in available)
            {
                mismatches += value == expected++ ? 0 : 1;
            }

            ring.Release(available.Length);
        }

        producer.Join();
        Assert.Equal(0, mismatches);
        Assert.Equal(0, ring.Count);
    }
}
