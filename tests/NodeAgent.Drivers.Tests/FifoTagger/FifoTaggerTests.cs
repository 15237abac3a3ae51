using NodeAgent.Drivers.Hardware;
using NodeAgent.Drivers.Hardware.FifoTagger;
using NodeAgent.Drivers.Tests.Fakes;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Drivers.Tests.FifoTagger;

/// <summary>The FIFO tagger driver against the fake FPGA: decoding, unwrapping, markers, and every kind of bad data.</summary>
public sealed class FifoTaggerTests
{
    private const int Bins = 4000;

    private static Hardware.FifoTagger.FifoTagger Create(FakeFifoTaggerDevice device, int maxBurst = 64) =>
        new(device, new FifoTaggerOptions { FineBinsPerCoarse = Bins, ChannelCount = 4, MaxBurstWords = maxBurst });

    private static List<DetectionEvent> ReadAll(Hardware.FifoTagger.FifoTagger tagger, out long lost)
    {
        var events = new List<DetectionEvent>();
        var buffer = new DetectionEvent[16];
        lost = 0;
        while (true)
        {
            TaggerReadResult r = tagger.Read(buffer);
            lost += r.LostEvents;
            events.AddRange(buffer.AsSpan(0, r.Count).ToArray());
            if (r.Count == 0 && r.LostEvents == 0)
            {
                return events;
            }
        }
    }

    [Fact]
    public void Timestamp_words_become_ticks_of_coarse_times_bins_plus_fine()
    {
        var device = new FakeFifoTaggerDevice();
        device.Detection(2, 1000, 17);
        device.Detection(0, 1000, 3999);
        device.Detection(3, 1001, 0);
        using var tagger = Create(device);

        List<DetectionEvent> events = ReadAll(tagger, out long lost);

        Assert.Equal(
            [new(1000L * Bins + 17, 2), new(1000L * Bins + 3999, 0), new(1001L * Bins, 3)],
            events);
        Assert.Equal(0, lost);
        Assert.Equal(1.0, tagger.TickPicoseconds);
        Assert.Equal(3, tagger.FirmwareVersion);
    }

    [Fact]
    public void Rollover_markers_unwrap_the_32_bit_counter_into_a_monotonic_tick()
    {
        var device = new FakeFifoTaggerDevice();
        long[] coarse = [0xFFFF_FFF0, 0x1_0000_0005, 0x1_FFFF_FFFF, 0x2_0000_0000, 0x7_1234_5678];
        foreach (long c in coarse)
        {
            device.Detection(1, c, 7);
        }

        using var tagger = Create(device);
        List<DetectionEvent> events = ReadAll(tagger, out _);

        Assert.Equal(coarse.Select(c => (c * Bins) + 7), events.Select(e => e.Tick));
        Assert.Equal(0, tagger.InferredRollovers);
    }

    [Fact]
    public void A_lost_rollover_marker_is_inferred_and_counted()
    {
        var device = new FakeFifoTaggerDevice();
        device.Detection(1, 0xFFFF_FF00, 1);
        device.Detection(1, 0x1_0000_0010, 2, dropMarker: true);
        device.Detection(1, 0x1_0000_0020, 3);
        device.Detection(1, 0x2_0000_0001, 4); // its marker (epoch 2) arrives and is consistent
        using var tagger = Create(device);

        List<DetectionEvent> events = ReadAll(tagger, out _);

        Assert.Equal([(0xFFFF_FF00L * Bins) + 1, (0x1_0000_0010L * Bins) + 2, (0x1_0000_0020L * Bins) + 3, (0x2_0000_0001L * Bins) + 4],
            events.Select(e => e.Tick));
        Assert.Equal(1, tagger.InferredRollovers);
        Assert.Equal(0, tagger.RejectedMarkers);
    }

    [Fact]
    public void Markers_of_idle_wraps_repeated_markers_and_stale_markers()
    {
        var device = new FakeFifoTaggerDevice();
        device.Detection(0, 0x0_0000_0100, 0);
        device.Enqueue(FifoWord.Rollover(1)); // wraps with no event in between
        device.Enqueue(FifoWord.Rollover(2));
        device.Detection(0, 0x2_0000_0005, 0); // the fake repeats marker 2 first: harmless
        device.Enqueue(FifoWord.Rollover(1)); // stale: ignored and counted
        device.Detection(0, 0x2_0000_0006, 0);
        using var tagger = Create(device);

        List<DetectionEvent> events = ReadAll(tagger, out _);

        Assert.Equal([0x100L * Bins, 0x2_0000_0005L * Bins, 0x2_0000_0006L * Bins], events.Select(e => e.Tick));
        Assert.Equal(1, tagger.RejectedMarkers);
        Assert.Equal(0, tagger.InferredRollovers);
    }

    [Fact]
    public void Corrupted_words_are_counted_and_skipped_and_the_rest_kept()
    {
        var device = new FakeFifoTaggerDevice();
        var random = new Random(20261123);
        int corrupted = 0;
        var expected = new List<long>();
        for (int i = 0; i < 500; i++)
        {
            ulong word = FifoWord.Timestamp(i % 4, (uint)(i * 10), i % Bins);
            if (random.Next(5) == 0)
            {
                device.Enqueue(word ^ (1UL << random.Next(64)));
                corrupted++;
            }
            else
            {
                device.Enqueue(word);
                expected.Add((i * 10L * Bins) + (i % Bins));
            }
        }

        using var tagger = Create(device);
        List<DetectionEvent> events = ReadAll(tagger, out _);

        Assert.Equal(expected, events.Select(e => e.Tick));
        Assert.Equal(corrupted, tagger.CorruptedWords);
    }

    [Fact]
    public void Overflow_markers_are_reported_as_lost_events()
    {
        var device = new FakeFifoTaggerDevice();
        device.Detection(0, 10, 0);
        device.Enqueue(FifoWord.Overflow(1234));
        device.Detection(0, 20, 0);
        device.Enqueue(FifoWord.Overflow(6));
        using var tagger = Create(device);

        List<DetectionEvent> events = ReadAll(tagger, out long lost);

        Assert.Equal(2, events.Count);
        Assert.Equal(1240, lost);
        Assert.Equal(1240, tagger.DeviceLostEvents);
    }

    [Fact]
    public void Words_out_of_range_or_out_of_order_are_counted_and_skipped()
    {
        var device = new FakeFifoTaggerDevice();
        device.Detection(0, 100, 0);
        device.Enqueue(FifoWord.Timestamp(9, 101, 0));    // channel 9 of 4
        device.Enqueue(FifoWord.Timestamp(1, 101, Bins)); // fine beyond the bins
        device.Detection(1, 99, 0);                       // earlier than the previous event
        device.Detection(2, 102, 0);
        using var tagger = Create(device);

        List<DetectionEvent> events = ReadAll(tagger, out _);

        Assert.Equal([100L * Bins, 102L * Bins], events.Select(e => e.Tick));
        Assert.Equal(2, tagger.InvalidWords);
        Assert.Equal(1, tagger.OutOfOrderWords);
    }

    [Fact]
    public void A_burst_reads_only_what_the_caller_has_room_for_and_the_rest_waits()
    {
        var device = new FakeFifoTaggerDevice();
        for (int i = 0; i < 10; i++)
        {
            device.Detection(0, i, 0);
        }

        using var tagger = Create(device);
        var buffer = new DetectionEvent[4];

        Assert.Equal(4, tagger.Read(buffer).Count);
        Assert.Equal(6, device.Pending);
        Assert.Equal(4, tagger.Read(buffer).Count);
        Assert.Equal(2, tagger.Read(buffer).Count);
        Assert.Equal(0, tagger.Read(buffer).Count);
    }

    [Theory]
    [InlineData(BusFault.AbsentPullUp)]
    [InlineData(BusFault.StuckLow)]
    public void No_device_fails_construction_with_a_clear_error(BusFault fault)
    {
        var device = new FakeFifoTaggerDevice { Fault = fault };

        var e = Assert.Throws<DeviceNotFoundException>(() => Create(device));
        Assert.Contains("no FIFO tagger answers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_device_channels_than_configured_fails_construction()
    {
        var device = new FakeFifoTaggerDevice { ChannelCount = 2 };

        var e = Assert.Throws<DeviceNotFoundException>(() => Create(device));
        Assert.Contains("ChannelCount", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BusFault.AbsentPullUp)]
    [InlineData(BusFault.StuckLow)]
    public void A_device_that_goes_silent_throws_a_clear_error_and_is_counted(BusFault fault)
    {
        var device = new FakeFifoTaggerDevice();
        using var tagger = Create(device);
        device.Fault = fault;

        var e = Assert.Throws<DeviceNotFoundException>(() => tagger.Read(new DetectionEvent[8]));
        Assert.Contains("does not answer", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, tagger.SilentBursts);
        Assert.Equal(0, tagger.CorruptedWords);
    }

    [Fact]
    public void A_failing_bus_surfaces_as_IOException()
    {
        var device = new FakeFifoTaggerDevice();
        using var tagger = Create(device);
        device.Fault = BusFault.Throws;

        Assert.Throws<IOException>(() => tagger.Read(new DetectionEvent[8]));
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_break_the_ascending_order()
    {
        var device = new FakeFifoTaggerDevice();
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            ulong word = (ulong)random.NextInt64();
            // A quarter of the words get a valid CRC, so every branch of the decoder sees garbage that passes it.
            device.Enqueue(random.Next(4) == 0 ? (word & ~0xFFUL) | FifoWord.Crc8(word) : word);
        }

        using var tagger = Create(device, maxBurst: 256);
        var buffer = new DetectionEvent[256];
        long last = long.MinValue;
        while (device.Pending > 0)
        {
            TaggerReadResult r = tagger.Read(buffer);
            foreach (DetectionEvent e in buffer.AsSpan(0, r.Count))
            {
                Assert.True(e.Tick >= last);
                Assert.InRange(e.Channel, 0, 3);
                last = e.Tick;
            }
        }

        Assert.True(tagger.CorruptedWords > 10_000);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var device = new FakeFifoTaggerDevice();
        using var tagger = Create(device, maxBurst: 128);
        var buffer = new DetectionEvent[128];
        for (int i = 0; i < 100; i++)
        {
            device.Detection(i % 4, i, i);
        }

        tagger.Read(buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            tagger.Read(buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Options_name_every_bad_setting()
    {
        var options = new FifoTaggerOptions { CoarsePeriodPicoseconds = 0, FineBinsPerCoarse = 70000, ChannelCount = 65, MaxBurstWords = 0 };

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("FifoTagger:CoarsePeriodPicoseconds", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("FifoTagger:FineBinsPerCoarse", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("FifoTagger:ChannelCount", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("FifoTagger:MaxBurstWords", StringComparison.Ordinal));
        Assert.Empty(new FifoTaggerOptions().Validate());
        Assert.Throws<ArgumentException>(() => new Hardware.FifoTagger.FifoTagger(new FakeFifoTaggerDevice(), options));
    }
}
