using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>With RealTime pacing the tagger sees only the slots the clock has passed.</summary>
public sealed class RealTimePacingTests
{
    [Fact]
    public void Nothing_is_sent_before_the_clock_moves_then_rate_times_elapsed_slots_are()
    {
        var clock = new ManualTimeProvider();
        var link = new SimulatedLink(new SimulatedLinkOptions { Seed = 4, FibreLengthKm = 0, DeadTimeNs = 0 }, clock);
        var buffer = new DetectionEvent[1 << 16];

        Assert.Equal(0, link.Tagger.Read(buffer).Count);
        Assert.Equal(0, link.SlotsSimulated);
        Assert.False(link.Transmitter.TryLookup([0], new SentPulse[1]));

        clock.Advance(TimeSpan.FromMilliseconds(1)); // 50 MHz · 1 ms
        int count = link.Tagger.Read(buffer).Count;
        Assert.Equal(50_000, link.SlotsSimulated);

        // Sum of Q_k over the slots sent, within 5 sigma; the click of the last slot or so may still wait in the
        // reorder buffer for the next read.
        long[] perClass = SimulationRun.CountIntensities(link, 50_000);
        double expected = 0;
        double variance = 0;
        for (int k = 0; k < 3; k++)
        {
            double q = link.ExpectedGain((IntensityClass)k);
            expected += perClass[k] * q;
            variance += perClass[k] * q * (1 - q);
        }

        Assert.InRange(count, expected - (5 * Math.Sqrt(variance)) - 2, expected + (5 * Math.Sqrt(variance)));

        long period = link.SlotPeriodPicoseconds;
        foreach (DetectionEvent e in buffer.AsSpan(0, count))
        {
            long slot = SimulationRun.NearestSlot(link.BobTimebase.ToSharedPicoseconds(e.Tick), period);
            Assert.InRange(slot, 0, 49_999);
        }

        // Half a slot more: no new slot; another 10 µs: 500 more.
        clock.AdvanceNanoseconds(10);
        link.Tagger.Read(buffer);
        Assert.Equal(50_000, link.SlotsSimulated);
        clock.AdvanceNanoseconds(9_990);
        link.Tagger.Read(buffer);
        Assert.Equal(50_500, link.SlotsSimulated);
    }

    [Fact]
    public void A_full_destination_stops_the_read_and_the_next_read_continues()
    {
        var clock = new ManualTimeProvider();
        var link = new SimulatedLink(new SimulatedLinkOptions { Seed = 4, FibreLengthKm = 0 }, clock);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var small = new DetectionEvent[10];
        Assert.Equal(10, link.Tagger.Read(small).Count);
        Assert.InRange(link.SlotsSimulated, 1, 49_999);
        long before = link.SlotsSimulated;
        Assert.Equal(10, link.Tagger.Read(small).Count);
        Assert.True(link.SlotsSimulated > before);
    }

    [Fact]
    public void Alice_knows_the_slots_the_clock_has_passed_without_any_tagger_read()
    {
        // Alice's node never reads the tagger; her record must still follow the clock.
        var clock = new ManualTimeProvider();
        var link = new SimulatedLink(new SimulatedLinkOptions { Seed = 4 }, clock);
        var pulse = new SentPulse[1];
        Assert.False(link.Transmitter.TryLookup([0], pulse));

        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(link.Transmitter.TryLookup([99_999], pulse));
        Assert.False(link.Transmitter.TryLookup([100_000], pulse));
        Assert.Equal(0, link.SlotsSimulated);
    }

    [Fact]
    public void Temperatures_drift_slowly_around_the_configured_mean()
    {
        var clock = new ManualTimeProvider();
        var link = new SimulatedLink(new SimulatedLinkOptions { TemperatureCelsius = 30 }, clock);
        Assert.Equal("alice-enclosure", link.AliceTemperature.Location);
        Assert.Equal("bob-detector", link.BobTemperature.Location);

        var alice = new List<double>();
        var bob = new List<double>();
        for (int i = 0; i < 40; i++)
        {
            Assert.True(link.AliceTemperature.TryReadCelsius(out double a));
            Assert.True(link.BobTemperature.TryReadCelsius(out double b));
            alice.Add(a);
            bob.Add(b);
            clock.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.All(alice.Concat(bob), t => Assert.InRange(t, 29.8 - 1e-9, 30.2 + 1e-9));
        Assert.InRange(alice.Max() - alice.Min(), 0.35, 0.4 + 1e-9); // ±0.2 °C over a 10-minute period
        Assert.InRange(Math.Abs(alice[1] - alice[0]), 0, 0.05);       // slow: under 0.05 °C in 15 s
        Assert.NotEqual(alice[0], bob[0]);
    }
}
