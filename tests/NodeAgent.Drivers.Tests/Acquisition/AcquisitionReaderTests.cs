using NodeAgent.Acquisition;
using NodeAgent.Drivers.Tests.Fakes;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Drivers.Tests.Acquisition;

/// <summary>The reader: drops counted when the consumer is slow, bounded memory, back-pressure, errors survived.</summary>
public sealed class AcquisitionReaderTests
{
    private static readonly TimeSpan s_giveUp = TimeSpan.FromMinutes(2);

    private static AcquisitionOptions Options(int capacity, RingFullPolicy policy, int batch = 256) => new()
    {
        RingCapacity = capacity,
        BatchSize = batch,
        FullPolicy = policy,
        IdleSpins = 4,
        IdleSleep = TimeSpan.FromMilliseconds(1),
        ErrorBackoff = TimeSpan.Zero,
    };

    [Fact]
    public void A_consumer_that_never_reads_gets_counted_drops_and_memory_stays_at_the_ring_size()
    {
        var tagger = new ScriptedTagger(total: 1_000_000);
        using var reader = new AcquisitionReader(tagger, Options(4096, RingFullPolicy.DropNewest));
        reader.PollOnce();

        long before = GC.GetAllocatedBytesForCurrentThread();
        while (tagger.Remaining > 0)
        {
            reader.PollOnce();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        AcquisitionStatistics s = reader.Statistics;
        Assert.Equal(0, allocated);
        Assert.Equal(4096, s.PublishedEvents);
        Assert.Equal(1_000_000 - 4096, s.DroppedEvents);
        Assert.Equal(4096, reader.Ring.Count);
        Assert.Equal(4096, reader.Ring.Capacity);
        Assert.Equal(4096, s.PeakRingFill);

        // What was kept is the oldest, in order.
        var kept = new DetectionEvent[4096];
        Assert.Equal(4096, reader.Ring.TryRead(kept));
        Assert.Equal(Enumerable.Range(0, 4096).Select(i => (long)i), kept.Select(e => e.Tick));
    }

    [Fact]
    public void Back_pressure_leaves_the_events_in_the_device_and_reports_its_overflow()
    {
        var tagger = new ScriptedTagger(total: 10_000);
        using var reader = new AcquisitionReader(tagger, Options(1024, RingFullPolicy.Wait));

        for (int i = 0; i < 20; i++)
        {
            reader.PollOnce();
        }

        Assert.Equal(1024, reader.Statistics.PublishedEvents);
        Assert.Equal(10_000 - 1024, tagger.Remaining);
        Assert.True(reader.Statistics.FullWaits > 0);
        Assert.Equal(0, reader.Statistics.DroppedEvents);

        // The device's FIFO overflowed meanwhile: its count comes through once the pipeline catches up.
        reader.Ring.Release(reader.Ring.GetReadSpan().Length);
        tagger.PendingLoss = 77;
        reader.PollOnce();
        Assert.Equal(77, reader.Statistics.DeviceLostEvents);
    }

    [Fact]
    public void Output_reports_every_drop_as_lost_events_to_the_pipeline()
    {
        var tagger = new ScriptedTagger(total: 3000);
        using var reader = new AcquisitionReader(tagger, Options(1024, RingFullPolicy.DropNewest));
        while (tagger.Remaining > 0)
        {
            reader.PollOnce();
        }

        var buffer = new DetectionEvent[4096];
        TaggerReadResult first = reader.Output.Read(buffer);
        TaggerReadResult second = reader.Output.Read(buffer);

        Assert.Equal(1024, first.Count);
        Assert.Equal(3000 - 1024, first.LostEvents);
        Assert.Equal(new TaggerReadResult(0, 0), second);
        Assert.Equal(tagger.ChannelCount, reader.Output.ChannelCount);
    }

    [Fact]
    public void The_reader_thread_delivers_every_event_in_order_when_the_consumer_keeps_up()
    {
        const long Total = 400_000;
        var tagger = new ScriptedTagger(Total, perRead: 1000);
        using var reader = new AcquisitionReader(tagger, Options(1 << 14, RingFullPolicy.Wait, batch: 4096));
        using var giveUp = new CancellationTokenSource(s_giveUp);
        reader.Start();

        long expected = 0;
        long mismatches = 0;
        while (expected < Total && !giveUp.IsCancellationRequested)
        {
            ReadOnlySpan<DetectionEvent> events = reader.Ring.GetReadSpan();
            foreach (DetectionEvent e in events)
            {
                mismatches += e.Tick == expected++ ? 0 : 1;
            }

            reader.Ring.Release(events.Length);
        }

        reader.Stop();
        Assert.Equal(Total, expected);
        Assert.Equal(0, mismatches);
        Assert.Equal(0, reader.Statistics.TotalLostEvents);
    }

    [Fact]
    public void With_a_slow_consumer_the_reader_thread_counts_drops_and_every_event_is_accounted_for()
    {
        const long Total = 100_000;
        var tagger = new ScriptedTagger(Total, perRead: 500);
        using var reader = new AcquisitionReader(tagger, Options(2048, RingFullPolicy.DropNewest));
        using var giveUp = new CancellationTokenSource(s_giveUp);
        reader.Start();

        // The consumer takes one event per pass: far slower than the reader.
        long consumed = 0;
        var one = new DetectionEvent[1];
        long last = -1;
        bool ordered = true;
        while (!giveUp.IsCancellationRequested)
        {
            if (reader.Ring.TryRead(one) == 1)
            {
                consumed++;
                ordered &= one[0].Tick > last;
                last = one[0].Tick;
            }
            else if (reader.Statistics.PublishedEvents + reader.Statistics.DroppedEvents == Total && reader.Ring.Count == 0)
            {
                break; // everything read from the device, and all that was published consumed
            }
        }

        reader.Stop();
        AcquisitionStatistics s = reader.Statistics;
        Assert.True(ordered);
        Assert.True(s.DroppedEvents > 0, "the slow consumer should have caused drops");
        Assert.Equal(Total, s.PublishedEvents + s.DroppedEvents);
        Assert.Equal(s.PublishedEvents, consumed);
        Assert.True(reader.Ring.Capacity == 2048);
    }

    [Fact]
    public void A_drained_device_is_polled_every_idle_sleep_not_spun_on()
    {
        var tagger = new ScriptedTagger(total: 0);
        var options = Options(1024, RingFullPolicy.DropNewest);
        options.IdleSpins = 0;
        options.IdleSleep = TimeSpan.FromMilliseconds(20);
        using var reader = new AcquisitionReader(tagger, options);
        reader.Start();
        Thread.Sleep(200);
        reader.Stop();

        // About ten reads; a spinning reader makes hundreds of thousands in the same time.
        Assert.InRange(reader.Statistics.Reads, 1, 100);
    }

    [Fact]
    public void A_device_with_a_burst_limit_below_the_batch_is_read_back_to_back_while_it_has_more()
    {
        // 100 events a read, a batch of 4096: every read is "short", but no shorter than the device ever gives.
        const long Total = 20_000;
        var tagger = new ScriptedTagger(Total, perRead: 100);
        var options = Options(1 << 15, RingFullPolicy.Wait, batch: 4096);
        options.IdleSleep = TimeSpan.FromSeconds(1);
        using var reader = new AcquisitionReader(tagger, options);
        using var giveUp = new CancellationTokenSource(s_giveUp);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        reader.Start();
        while (reader.Statistics.PublishedEvents < Total && !giveUp.IsCancellationRequested)
        {
            Thread.Sleep(1);
        }

        TimeSpan took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        reader.Stop();
        Assert.Equal(Total, reader.Statistics.PublishedEvents);
        // Sleeping after each of the 200 reads would take 200 s; back to back it is milliseconds (60 s: a loaded host).
        Assert.True(took < TimeSpan.FromSeconds(60), $"took {took}");
    }

    [Fact]
    public void A_tagger_that_throws_is_counted_and_reading_carries_on()
    {
        var tagger = new ScriptedTagger(total: 5000, perRead: 100);
        tagger.ThrowOnReads.UnionWith([2, 3, 10]);
        using var reader = new AcquisitionReader(tagger, Options(8192, RingFullPolicy.Wait));
        using var giveUp = new CancellationTokenSource(s_giveUp);
        reader.Start();

        while (reader.Statistics.PublishedEvents < 5000 && !giveUp.IsCancellationRequested)
        {
            Thread.Sleep(1);
        }

        reader.Stop();
        Assert.Equal(5000, reader.Statistics.PublishedEvents);
        Assert.Equal(3, reader.Statistics.ReadErrors);
        Assert.Contains("scripted failure on read 10", reader.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_twice_is_refused_and_after_dispose_too()
    {
        var reader = new AcquisitionReader(new ScriptedTagger(10), Options(16, RingFullPolicy.Wait));
        reader.Start();
        Assert.Throws<InvalidOperationException>(reader.Start);
        reader.Stop();
        reader.Stop();
        reader.Dispose();
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(reader.Start);
        Assert.False(reader.IsRunning);
    }

    [Fact]
    public void Options_name_every_bad_setting()
    {
        var options = new AcquisitionOptions
        {
            RingCapacity = 1000,
            BatchSize = 0,
            FullPolicy = (RingFullPolicy)5,
            IdleSpins = -1,
            IdleSleep = TimeSpan.FromSeconds(2),
            ErrorBackoff = TimeSpan.FromMinutes(2),
        };

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Acquisition:", e, StringComparison.Ordinal));
        Assert.Empty(new AcquisitionOptions().Validate());
        Assert.Throws<ArgumentException>(() => new AcquisitionReader(new ScriptedTagger(1), options));
    }
}
