using NodeAgent.Drivers.Hardware.GpioTagger;
using NodeAgent.Drivers.Tests.Fakes;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Drivers.Tests.GpioTagger;

/// <summary>GPIO edges with kernel timestamps as a tagger: channel mapping, lost edges, bad edges.</summary>
public sealed class GpioEdgeTaggerTests
{
    private static GpioEdgeTagger Create(FakeGpioEdgeSource source)
    {
        var options = new GpioEdgeTaggerOptions();
        options.Lines.Add(17); // channel 0: PPS
        options.Lines.Add(27); // channel 1: monitor
        return new GpioEdgeTagger(source, options);
    }

    [Fact]
    public void Edges_become_nanosecond_ticks_on_the_channel_of_their_line()
    {
        var source = new FakeGpioEdgeSource();
        source.Add(1_000_000_000, 17, 1);
        source.Add(1_000_000_500, 27, 1);
        source.Add(2_000_000_000, 17, 2);
        using var tagger = Create(source);
        var events = new DetectionEvent[8];

        TaggerReadResult r = tagger.Read(events);

        Assert.Equal(3, r.Count);
        Assert.Equal([new(1_000_000_000, 0), new(1_000_000_500, 1), new(2_000_000_000, 0)], events[..3]);
        Assert.Equal(1000, tagger.TickPicoseconds);
        Assert.Equal(2, tagger.ChannelCount);
    }

    [Fact]
    public void Gaps_in_the_per_line_sequence_are_lost_edges()
    {
        var source = new FakeGpioEdgeSource();
        source.Add(100, 17, 1);
        source.Add(200, 27, 1);
        source.Add(300, 17, 5); // 2, 3, 4 dropped by the kernel
        source.Add(400, 27, 2);
        using var tagger = Create(source);

        TaggerReadResult r = tagger.Read(new DetectionEvent[8]);

        Assert.Equal(4, r.Count);
        Assert.Equal(3, r.LostEvents);
        Assert.Equal(3, tagger.LostEdges);
    }

    [Fact]
    public void Unknown_lines_and_backward_timestamps_are_counted_and_skipped()
    {
        var source = new FakeGpioEdgeSource();
        source.Add(100, 17, 1);
        source.Add(150, 4, 1);
        source.Add(90, 27, 1);
        source.Add(200, 27, 2);
        using var tagger = Create(source);
        var events = new DetectionEvent[8];

        TaggerReadResult r = tagger.Read(events);

        Assert.Equal([100L, 200L], events[..r.Count].Select(e => e.Tick));
        Assert.Equal(1, tagger.UnknownLineEdges);
        Assert.Equal(1, tagger.OutOfOrderEdges);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var source = new FakeGpioEdgeSource();
        for (uint i = 1; i <= 300; i++)
        {
            source.Add(i * 1000, 17, i);
        }

        using var tagger = Create(source);
        var events = new DetectionEvent[16];
        tagger.Read(events);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long read = 0;
        for (int i = 0; i < 10; i++)
        {
            read += tagger.Read(events).Count;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(160, read);
    }

    [Fact]
    public void Options_are_validated()
    {
        var options = new GpioEdgeTaggerOptions { MaxBatch = 0 };
        options.Lines.Add(-1);
        options.Lines.Add(-1);

        Assert.Equal(3, options.Validate().Count);
        Assert.Single(new GpioEdgeTaggerOptions().Validate()); // no lines
        Assert.Throws<ArgumentException>(() => new GpioEdgeTagger(new FakeGpioEdgeSource(), options));
    }
}
