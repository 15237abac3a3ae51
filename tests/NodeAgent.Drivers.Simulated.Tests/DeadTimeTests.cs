using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>Each detector is blind for the dead time after a registered click; what it misses is counted.</summary>
public sealed class DeadTimeTests
{
    [Theory]
    [InlineData(100.0)]
    [InlineData(10_000.0)]
    public void No_channel_clicks_twice_within_the_dead_time(double deadTimeNs)
    {
        // Short fibre for plenty of clicks per detector: about 1.5 % per slot each, so 100 ns (5 slots) matters.
        SimulatedLinkOptions options = SimulationRun.FastOptions(31);
        options.FibreLengthKm = 0;
        options.DeadTimeNs = deadTimeNs;
        SimulatedLink link = SimulationRun.Create(options);
        List<DetectionEvent> events = SimulationRun.ReadSlots(link, 2_000_000);

        long deadPs = (long)(deadTimeNs * 1000);
        var last = new long?[4];
        long closest = long.MaxValue;
        foreach (DetectionEvent e in events)
        {
            long shared = link.BobTimebase.ToSharedPicoseconds(e.Tick);
            if (last[e.Channel] is long previous)
            {
                closest = Math.Min(closest, shared - previous);
            }

            last[e.Channel] = shared;
        }

        Assert.True(closest >= deadPs, $"two clicks on one channel {closest} ps apart, dead time {deadPs} ps");
        // ...and the limit is reached: the closest pair sits within a slot or two of the dead time.
        Assert.InRange(closest, deadPs, deadPs + (2 * link.SlotPeriodPicoseconds));
        Assert.True(link.ClicksLostToDeadTime > 0);
    }

    [Fact]
    public void Lost_clicks_plus_reported_clicks_account_for_every_click_the_model_predicts()
    {
        // 10 µs of dead time (500 slots) at ~1.5 % clicks per detector per slot: most clicks are lost.
        SimulatedLinkOptions options = SimulationRun.FastOptions(37);
        options.FibreLengthKm = 0;
        options.DeadTimeNs = 10_000;
        SimulatedLink link = SimulationRun.Create(options);
        const long SlotCount = 2_000_000;
        List<DetectionEvent> events = SimulationRun.ReadSlots(link, SlotCount);

        long slots = link.SlotsSimulated; // every slot below this has been decided, and almost all of its clicks released
        long[] perClass = SimulationRun.CountIntensities(link, slots);
        double expected = 0;
        double variance = 0;
        for (int k = 0; k < 3; k++)
        {
            double q = link.ExpectedGain((IntensityClass)k);
            expected += perClass[k] * q;
            variance += perClass[k] * q * (1 - q);
        }

        long total = events.Count + link.ClicksLostToDeadTime;
        Assert.True(link.ClicksLostToDeadTime > events.Count, $"{link.ClicksLostToDeadTime} lost vs {events.Count} reported");
        // A handful of clicks from the last slots may still sit in the reorder buffer.
        Assert.InRange(total, expected - (5 * Math.Sqrt(variance)) - 10, expected + (5 * Math.Sqrt(variance)));

        // Non-paralysable dead time (Knoll, Radiation Detection and Measurement, Ch. 4): a detector with raw rate r per
        // slot registers r / (1 + r·tau) per slot. The four detectors see a quarter of the clicks each.
        double rawPerDetector = expected / slots / 4;
        double tauSlots = options.DeadTimeNs * 1000 / link.SlotPeriodPicoseconds;
        double registered = 4 * slots * rawPerDetector / (1 + (rawPerDetector * tauSlots));
        Assert.InRange(events.Count, registered * 0.97, registered * 1.03);
    }

    [Fact]
    public void Zero_dead_time_loses_nothing()
    {
        SimulatedLinkOptions options = SimulationRun.FastOptions(41);
        options.FibreLengthKm = 0;
        options.DeadTimeNs = 0;
        SimulatedLink link = SimulationRun.Create(options);
        Assert.NotEmpty(SimulationRun.ReadSlots(link, 1_000_000));
        Assert.Equal(0, link.ClicksLostToDeadTime);
    }
}
