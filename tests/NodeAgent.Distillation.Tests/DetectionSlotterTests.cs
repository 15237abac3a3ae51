using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Slotting;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Distillation.Tests;

public class DetectionSlotterTests
{
    private const ulong SquashSeed = 0x5EED;

    private static DetectionSlotter Create(long periodPs = 1000, long windowPs = 200, FakeTimebase? timebase = null) =>
        new(timebase ?? new FakeTimebase(), DetectorChannelMap.FourDetectorPassive, periodPs, windowPs, SquashSeed);

    private static List<SlottedDetection> Run(DetectionSlotter slotter, params DetectionEvent[] events)
    {
        var output = new SlottedDetection[events.Length + 1];
        int count = slotter.Process(events, output);
        count += slotter.Flush(output.AsSpan(count));
        return output.Take(count).ToList();
    }

    [Fact]
    public void Clicks_land_in_the_nearest_slot_and_the_window_edges_are_inclusive()
    {
        DetectionSlotter slotter = Create();
        List<SlottedDetection> result = Run(
            slotter,
            new DetectionEvent(0, 0),        // slot 0, offset 0
            new DetectionEvent(1050, 1),     // slot 1, +50
            new DetectionEvent(1900, 2),     // slot 2, -100: exactly half the window, accepted
            new DetectionEvent(3101, 3),     // slot 3, +101: outside
            new DetectionEvent(4000, 9),     // unknown channel
            new DetectionEvent(4100, 3));    // slot 4, +100: accepted

        Assert.Equal(
            [new(0, Basis.Z, 0), new(1, Basis.Z, 1), new(2, Basis.X, 0), new(4, Basis.X, 1)],
            result);
        Assert.Equal(4, slotter.Accepted);
        Assert.Equal(1, slotter.RejectedOutsideWindow);
        Assert.Equal(1, slotter.RejectedUnknownChannel);
        Assert.Equal(0, slotter.MultiClickSlots);
        Assert.Equal(0, slotter.RejectedOutOfOrder);
        Assert.Equal(4, slotter.Emitted);
    }

    [Theory]
    [InlineData(1000, 499, 0)]
    [InlineData(1000, 500, 1)]    // exactly half way rounds up
    [InlineData(1000, -500, 0)]   // floor((-500 + 500) / 1000) = 0
    [InlineData(1000, -501, -1)]
    [InlineData(1000, -1500, -1)]
    [InlineData(1001, 500, 0)]    // odd period: 500 < 500.5
    [InlineData(1001, 501, 1)]
    [InlineData(1001, -501, -1)]
    public void Slot_index_rounds_half_up(long period, long t, long expectedSlot)
    {
        // A window as wide as the period accepts every click.
        DetectionSlotter slotter = Create(period, period);
        List<SlottedDetection> result = Run(slotter, new DetectionEvent(t, 0));
        Assert.Equal(expectedSlot, Assert.Single(result).Slot);
    }

    [Fact]
    public void Timebase_conversion_is_applied()
    {
        // Shared time = 10_000 + 4·tick, so tick 250 is at 11_000 ps = slot 11.
        DetectionSlotter slotter = Create(timebase: new FakeTimebase(10_000, 4));
        Assert.Equal(11, Assert.Single(Run(slotter, new DetectionEvent(250, 0))).Slot);
    }

    [Fact]
    public void Repeated_clicks_of_one_outcome_keep_that_outcome()
    {
        DetectionSlotter slotter = Create();
        List<SlottedDetection> result = Run(slotter, new DetectionEvent(990, 3), new DetectionEvent(1010, 3));
        Assert.Equal(new SlottedDetection(1, Basis.X, 1), Assert.Single(result));
        Assert.Equal(1, slotter.MultiClickSlots);
        Assert.Equal(2, slotter.Accepted);
    }

    [Fact]
    public void Both_bits_in_one_basis_keep_the_basis_and_draw_the_bit()
    {
        DetectionSlotter slotter = Create();
        List<SlottedDetection> result = Run(slotter, new DetectionEvent(1000, 0), new DetectionEvent(1001, 1));
        var twin = new DeterministicRandom(SquashSeed);
        Assert.Equal(new SlottedDetection(1, Basis.Z, (byte)twin.NextBit()), Assert.Single(result));
        Assert.Equal(1, slotter.MultiClickSlots);
    }

    [Fact]
    public void Clicks_in_both_bases_draw_the_basis_then_the_bit()
    {
        DetectionSlotter slotter = Create();
        List<SlottedDetection> result = Run(
            slotter, new DetectionEvent(1000, 0), new DetectionEvent(1001, 3), new DetectionEvent(1002, 2));
        var twin = new DeterministicRandom(SquashSeed);
        var basis = (Basis)twin.NextBit();
        byte bit = (byte)twin.NextBit();
        Assert.Equal(new SlottedDetection(1, basis, bit), Assert.Single(result));
        Assert.Equal(1, slotter.MultiClickSlots);
        Assert.Equal(3, slotter.Accepted);
    }

    [Fact]
    public void Cross_basis_squashing_is_roughly_uniform_over_the_four_outcomes()
    {
        DetectionSlotter slotter = Create();
        const int Slots = 8000;
        var events = new DetectionEvent[2 * Slots];
        for (int s = 0; s < Slots; s++)
        {
            events[2 * s] = new DetectionEvent(s * 1000L, 1);
            events[(2 * s) + 1] = new DetectionEvent((s * 1000L) + 5, 2);
        }

        List<SlottedDetection> result = Run(slotter, events);
        Assert.Equal(Slots, result.Count);
        Assert.Equal(Slots, slotter.MultiClickSlots);
        var counts = new int[4];
        foreach (SlottedDetection d in result)
        {
            counts[((int)d.Basis << 1) | d.Bit]++;
        }

        // Chi-square, 3 degrees of freedom, 0.1 % critical value 16.27.
        double expected = Slots / 4.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 16.27, $"chi-square {chiSquare:F2}, counts {string.Join(",", counts)}");
    }

    [Fact]
    public void The_last_slot_is_held_back_and_squashed_with_the_next_batch()
    {
        DetectionSlotter slotter = Create();
        var output = new SlottedDetection[4];

        Assert.Equal(1, slotter.Process([new(1000, 0), new(5000, 2)], output));
        Assert.Equal(new SlottedDetection(1, Basis.Z, 0), output[0]);

        // Slot 5 continues in the next read with the other X detector: a same-basis double click.
        Assert.Equal(0, slotter.Process([new(5020, 3)], output));
        Assert.Equal(1, slotter.Process([new(6000, 1)], output));
        var twin = new DeterministicRandom(SquashSeed);
        Assert.Equal(new SlottedDetection(5, Basis.X, (byte)twin.NextBit()), output[0]);
        Assert.Equal(1, slotter.MultiClickSlots);

        Assert.Equal(1, slotter.Flush(output));
        Assert.Equal(new SlottedDetection(6, Basis.Z, 1), output[0]);
        Assert.Equal(0, slotter.Flush(output));
    }

    [Fact]
    public void Clicks_in_already_passed_slots_are_rejected_as_out_of_order()
    {
        DetectionSlotter slotter = Create();
        var output = new SlottedDetection[8];
        int count = slotter.Process([new(5000, 0), new(6000, 1)], output);
        Assert.Equal(1, count); // slot 5 emitted, slot 6 held back

        count = slotter.Process([new(5000, 2), new(4000, 2), new(3000, 3), new(6000, 0), new(7000, 2)], output);
        Assert.Equal(3, slotter.RejectedOutOfOrder);
        Assert.Equal(1, count);
        Assert.Equal(6, output[0].Slot);

        // After a flush, the flushed slot is also closed.
        Assert.Equal(1, slotter.Flush(output));
        Assert.Equal(7, output[0].Slot);
        Assert.Equal(0, slotter.Process([new(7000, 1)], output));
        Assert.Equal(4, slotter.RejectedOutOfOrder);
        Assert.Equal(0, slotter.Flush(output));
    }

    [Fact]
    public void Every_click_in_a_new_slot_fits_an_output_of_the_batch_length()
    {
        DetectionSlotter slotter = Create();
        DetectionEvent[] events = [new(0, 0), new(1000, 1), new(2000, 2)];
        var output = new SlottedDetection[3];
        Assert.Equal(2, slotter.Process(events, output));
        Assert.Equal(1, slotter.Process([new(3000, 0)], output.AsSpan(0, 1)));
        Assert.Equal(2, output[0].Slot);
        Assert.Throws<ArgumentException>(() => slotter.Process(events, new SlottedDetection[2]));
        Assert.Throws<ArgumentException>(() => slotter.Flush(Span<SlottedDetection>.Empty));
    }

    [Fact]
    public void Random_streams_split_into_random_batches_match_a_naive_grouping()
    {
        const int Seed = 20240611;
        var random = new Random(Seed);
        const long Period = 800;
        const long Window = 300;
        var events = new List<DetectionEvent>();
        long t = 0;
        for (int i = 0; i < 5000; i++)
        {
            t += random.Next(0, 1200);
            events.Add(new DetectionEvent(t, random.Next(0, 5))); // channel 4 is unknown
        }

        // Naive reference: accept, group by slot, count.
        var groups = new SortedDictionary<long, List<int>>();
        int outside = 0;
        int unknown = 0;
        foreach (DetectionEvent e in events)
        {
            if (e.Channel == 4)
            {
                unknown++;
                continue;
            }

            long slot = (long)Math.Floor((e.Tick + (Period / 2)) / (double)Period);
            if (Math.Abs(e.Tick - (slot * Period)) * 2 > Window)
            {
                outside++;
                continue;
            }

            if (!groups.TryGetValue(slot, out List<int>? channels))
            {
                groups[slot] = channels = [];
            }

            channels.Add(e.Channel);
        }

        var slotter = new DetectionSlotter(
            new FakeTimebase(), DetectorChannelMap.FourDetectorPassive, Period, Window, SquashSeed);
        var output = new List<SlottedDetection>();
        var buffer = new SlottedDetection[events.Count + 1];
        for (int done = 0; done < events.Count;)
        {
            int take = Math.Min(random.Next(1, 50), events.Count - done);
            int count = slotter.Process(events.GetRange(done, take).ToArray(), buffer);
            output.AddRange(buffer.Take(count));
            done += take;
        }

        output.AddRange(buffer.Take(slotter.Flush(buffer)));

        string context = $"seed {Seed}";
        Assert.True(groups.Count == output.Count, context);
        Assert.True(unknown == slotter.RejectedUnknownChannel, context);
        Assert.True(outside == slotter.RejectedOutsideWindow, context);
        Assert.True(groups.Values.Sum(g => g.Count) == slotter.Accepted, context);
        Assert.True(groups.Values.Count(g => g.Count > 1) == slotter.MultiClickSlots, context);
        int index = 0;
        foreach ((long slot, List<int> channels) in groups)
        {
            SlottedDetection d = output[index++];
            Assert.True(slot == d.Slot, context);
            var distinct = channels.Distinct().ToList();
            if (distinct.Count == 1)
            {
                Assert.True(distinct[0] == (((int)d.Basis << 1) | d.Bit), context);
            }
            else if (distinct.All(c => c >> 1 == distinct[0] >> 1))
            {
                Assert.True((Basis)(distinct[0] >> 1) == d.Basis, context);
            }
        }
    }

    [Fact]
    public void Constructor_rejects_bad_arguments()
    {
        var timebase = new FakeTimebase();
        DetectorChannelMap map = DetectorChannelMap.FourDetectorPassive;
        Assert.Throws<ArgumentNullException>(() => new DetectionSlotter(null!, map, 1000, 100, 0));
        Assert.Throws<ArgumentNullException>(() => new DetectionSlotter(timebase, null!, 1000, 100, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionSlotter(timebase, map, 0, 100, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionSlotter(timebase, map, 1000, 0, 0));
    }
}
