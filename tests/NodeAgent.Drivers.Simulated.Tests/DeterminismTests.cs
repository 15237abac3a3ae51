using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>A seed fixes the event stream, however the reads are chunked or paced.</summary>
public sealed class DeterminismTests
{
    private const int EventCount = 20_000;

    [Fact]
    public void Same_seed_gives_the_same_event_stream()
    {
        DetectionEvent[] first = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(5)), EventCount, 4096);
        DetectionEvent[] second = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(5)), EventCount, 4096);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_seeds_give_different_streams()
    {
        DetectionEvent[] first = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(5)), EventCount, 4096);
        DetectionEvent[] second = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(6)), EventCount, 4096);
        int same = first.Zip(second).Count(pair => pair.First == pair.Second);
        Assert.True(same < EventCount / 100, $"{same} of {EventCount} events coincide");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Chunked_reads_give_the_same_events_as_one_big_read(int chunk)
    {
        DetectionEvent[] whole = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(11)), EventCount, EventCount);
        DetectionEvent[] chunked = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(11)), EventCount, chunk);
        Assert.Equal(whole, chunked);
    }

    [Fact]
    public void The_slot_horizon_per_read_does_not_change_the_stream()
    {
        SimulatedLinkOptions narrow = SimulationRun.FastOptions(11);
        narrow.MaxSlotsPerRead = 37; // most reads end at the horizon, often with clicks still in the reorder buffer
        DetectionEvent[] whole = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(11)), EventCount, EventCount);
        DetectionEvent[] paced = SimulationRun.ReadEvents(SimulationRun.Create(narrow), EventCount, 4096);
        Assert.Equal(whole, paced);
    }

    [Fact]
    public void Real_time_pacing_with_uneven_clock_steps_gives_the_as_fast_as_possible_stream()
    {
        const int Count = 2000;
        DetectionEvent[] fast = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(13)), Count, Count);

        var clock = new ManualTimeProvider();
        var link = new SimulatedLink(new SimulatedLinkOptions { Seed = 13 }, clock);
        var events = new List<DetectionEvent>();
        var buffer = new DetectionEvent[64];
        long step = 1;
        while (events.Count < Count)
        {
            clock.AdvanceNanoseconds(step);
            step = (step * 7 % 100_003) + 1; // from 1 ns to 100 µs: slot boundaries fall anywhere
            events.AddRange(buffer.AsSpan(0, link.Tagger.Read(buffer).Count));
        }

        Assert.Equal(fast, events.Take(Count));
    }

    [Fact]
    public void Empty_destination_reads_nothing_and_leaves_the_stream_intact()
    {
        DetectionEvent[] expected = SimulationRun.ReadEvents(SimulationRun.Create(SimulationRun.FastOptions(17)), 1000, 1000);

        SimulatedLink link = SimulationRun.Create(SimulationRun.FastOptions(17));
        var result = link.Tagger.Read([]);
        Assert.Equal(new TaggerReadResult(0, 0), result);
        Assert.False(result.Overflowed);
        var actual = new DetectionEvent[1000];
        int filled = 0;
        while (filled < actual.Length)
        {
            filled += link.Tagger.Read(actual.AsSpan(filled, Math.Min(100, actual.Length - filled))).Count;
            Assert.Equal(0, link.Tagger.Read(Span<DetectionEvent>.Empty).Count);
        }

        Assert.Equal(expected, actual);
    }
}
