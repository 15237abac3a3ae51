using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>Alice and Bob in separate processes agree on slots when they share an epoch, as PTP time makes them.</summary>
public sealed class SharedEpochTests
{
    [Fact]
    public void A_separate_Alice_can_look_up_every_slot_Bob_detects_and_agrees_on_its_content()
    {
        var clock = new ManualTimeProvider();
        DateTimeOffset epoch = clock.GetUtcNow() - TimeSpan.FromHours(3);
        var options = new SimulatedLinkOptions { Seed = 11, Epoch = epoch };
        var bobSide = new SimulatedLink(options, clock);
        clock.Advance(TimeSpan.FromMilliseconds(5)); // Alice's process starts a little later
        var aliceSide = new SimulatedLink(options, clock);
        clock.Advance(TimeSpan.FromMilliseconds(2));

        var events = new DetectionEvent[1 << 16];
        int count = bobSide.Tagger.Read(events).Count;
        Assert.True(count > 100, $"only {count} detections in 7 ms");

        long period = bobSide.SlotPeriodPicoseconds;
        long threeHoursOfSlots = 3L * 3600 * 1_000_000_000_000 / period;
        long[] slots = events.AsSpan(0, count).ToArray()
            .Select(e => SimulationRun.NearestSlot(bobSide.BobTimebase.ToSharedPicoseconds(e.Tick), period))
            .Distinct().ToArray();
        Assert.All(slots, s => Assert.InRange(s, threeHoursOfSlots, threeHoursOfSlots + (8 * 50_000)));

        var fromAlice = new SentPulse[slots.Length];
        var fromBob = new SentPulse[slots.Length];
        Assert.True(aliceSide.Transmitter.TryLookup(slots, fromAlice));
        Assert.True(bobSide.Transmitter.TryLookup(slots, fromBob));
        Assert.Equal(fromBob, fromAlice);
    }

    [Fact]
    public void An_epoch_older_than_fifty_days_or_in_the_future_is_refused_by_name()
    {
        var clock = new ManualTimeProvider();
        foreach (TimeSpan offset in new[] { TimeSpan.FromDays(-51), TimeSpan.FromMinutes(1) })
        {
            var options = new SimulatedLinkOptions { Epoch = clock.GetUtcNow() + offset };
            Assert.Contains(options.Validate(clock), m => m.StartsWith("Simulation:Epoch", StringComparison.Ordinal));
        }

        Assert.Empty(new SimulatedLinkOptions { Epoch = clock.GetUtcNow() - TimeSpan.FromDays(49) }.Validate(clock));
    }
}
