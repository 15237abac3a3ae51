using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Timing;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>Event order, Bob's clock mismatch and offset, and the timebase that undoes them.</summary>
public sealed class TimingTests
{
    [Fact]
    public void Ticks_ascend_even_when_jitter_spans_several_slots()
    {
        // 2 GHz (P = 500 ps) with 300 ps jitter: photon clicks of neighbouring slots swap places all the time, and
        // dark counts (100 kHz per detector) fall anywhere in their slot. Generated slot by slot, ticks would not ascend.
        SimulatedLinkOptions options = SimulationRun.FastOptions(3);
        options.RepetitionRateHz = 2e9;
        options.TimingJitterPs = 300;
        options.FibreLengthKm = 0;
        options.DarkCountRateHz = 100_000;
        options.DeadTimeNs = 0;
        options.MaxSlotsPerRead = 1001;
        SimulatedLink link = SimulationRun.Create(options);

        DetectionEvent[] events = SimulationRun.ReadEvents(link, 200_000, 333);
        for (int i = 1; i < events.Length; i++)
        {
            Assert.True(events[i].Tick >= events[i - 1].Tick, $"event {i} at tick {events[i].Tick} precedes {events[i - 1].Tick}");
        }

        // The jitter really did reach past the half slot, so order had to be restored.
        long period = link.SlotPeriodPicoseconds;
        long misplaced = events.Count(e =>
        {
            long shared = link.BobTimebase.ToSharedPicoseconds(e.Tick);
            long offset = shared - (SimulationRun.NearestSlot(shared, period) * period);
            return Math.Abs(offset) > 200;
        });
        Assert.True(misplaced > 1000, $"only {misplaced} clicks far from their slot centre");
    }

    [Fact]
    public void Ticks_carry_the_clock_mismatch_and_offset_and_the_timebase_removes_them()
    {
        // No dark counts: every click is a photon at s·P + jitter, so the residual is the jitter alone.
        SimulatedLinkOptions options = SimulationRun.FastOptions(21);
        options.DarkCountRateHz = 0;
        options.FibreLengthKm = 0;
        options.DeadTimeNs = 0;
        options.ClockMismatchPpm = 5;
        SimulatedLink link = SimulationRun.Create(options);
        List<DetectionEvent> events = SimulationRun.ReadSlots(link, 20_000_000); // 0.4 ms: mismatch reaches 2 ns
        long period = link.SlotPeriodPicoseconds;
        double sigma = options.TimingJitterPs;
        double scale = 1 + (options.ClockMismatchPpm * 1e-6);

        double sumSquares = 0;
        double largestNaiveError = 0;
        foreach (DetectionEvent e in events)
        {
            long shared = link.BobTimebase.ToSharedPicoseconds(e.Tick);
            long slot = SimulationRun.NearestSlot(shared, period);
            long residual = shared - (slot * period);
            Assert.InRange(residual, -8 * sigma - 1, 8 * sigma + 1);
            sumSquares += (double)residual * residual;

            // The raw tick is (t + offset)·(1 + ppm·1e-6) / resolution.
            double expectedTick = ((slot * period) + options.BobClockOffsetPs) * scale;
            Assert.InRange(e.Tick, expectedTick - (8 * sigma * scale) - 1, expectedTick + (8 * sigma * scale) + 1);
            largestNaiveError = Math.Max(largestNaiveError, Math.Abs(e.Tick - options.BobClockOffsetPs - (slot * period)));
        }

        // Reading ticks as picoseconds minus the offset would be off by ppm·(t + offset): far more than the jitter.
        Assert.True(largestNaiveError > 1500, $"largest naive error {largestNaiveError} ps");

        // Residual spread is the configured one-sigma jitter (sample sd within 5 of its standard errors, sigma/sqrt(2n)).
        double sd = Math.Sqrt(sumSquares / events.Count);
        Assert.InRange(sd, sigma * (1 - (5 / Math.Sqrt(2.0 * events.Count))), sigma * (1 + (5 / Math.Sqrt(2.0 * events.Count))));
    }

    [Fact]
    public void Timebase_stays_exact_after_forty_days_of_link_time()
    {
        // A photon rate of about 1e-10 per slot: 90 dB of loss. Forty days of RealTime pacing at 50 MHz is 1.7e14
        // slots and 3.5e18 ps, where a double holds only every 512th picosecond; the mapping must still land within
        // the jitter of s·P.
        var clock = new ManualTimeProvider();
        var options = new SimulatedLinkOptions
        {
            Seed = 8,
            FibreLengthKm = 445,
            DarkCountRateHz = 0,
            DeadTimeNs = 0,
            ClockMismatchPpm = -7.25,
        };
        var link = new SimulatedLink(options, clock);
        clock.Advance(TimeSpan.FromDays(40));
        var buffer = new DetectionEvent[1 << 16];
        int count = link.Tagger.Read(buffer).Count;

        long expectedSlots = (long)(TimeSpan.FromDays(40).TotalSeconds * 50e6);
        Assert.Equal(expectedSlots, link.SlotsSimulated);
        Assert.InRange(count, 1000, buffer.Length - 1);
        long period = link.SlotPeriodPicoseconds;
        long late = 0;
        foreach (DetectionEvent e in buffer.AsSpan(0, count))
        {
            long shared = link.BobTimebase.ToSharedPicoseconds(e.Tick);
            long slot = SimulationRun.NearestSlot(shared, period);
            Assert.InRange(shared - (slot * period), -401, 401);
            late += slot > expectedSlots / 2 ? 1 : 0;
        }

        Assert.True(late > count / 3, "clicks should cover the whole forty days");
    }

    [Fact]
    public void Timebases_report_lock_and_their_uncertainty()
    {
        SimulatedLink link = SimulationRun.Create(new SimulatedLinkOptions { TimebaseUncertaintyPs = 35 });
        Assert.Equal(TimebaseState.Locked, link.BobTimebase.State);
        Assert.Equal(35, link.BobTimebase.UncertaintyPicoseconds);
        Assert.Equal(TimebaseState.Locked, link.AliceTimebase.State);
        Assert.Equal(0, link.AliceTimebase.UncertaintyPicoseconds);
        Assert.Equal(-5, link.AliceTimebase.ToSharedPicoseconds(-5));
        Assert.Equal(long.MaxValue, link.AliceTimebase.ToSharedPicoseconds(long.MaxValue));
        Assert.Equal(4, link.Tagger.ChannelCount);
        Assert.Equal(1.0, link.Tagger.TickPicoseconds);
    }

    [Theory]
    [InlineData(1.0, 5.0)]
    [InlineData(1.0, -300.0)]
    [InlineData(4.0, 5.0)]
    [InlineData(0.25, 0.0)]
    public void Bob_timebase_inverts_the_tick_formula(double resolutionPs, double ppm)
    {
        var options = new SimulatedLinkOptions { TagResolutionPs = resolutionPs, ClockMismatchPpm = ppm, BobClockOffsetPs = -987_654 };
        SimulatedLink link = SimulationRun.Create(options);
        double ticksPerPs = (1 + (ppm * 1e-6)) / resolutionPs;
        foreach (long sharedPs in new long[] { -10_000, 0, 1, 19_999, 123_456_789_012, 3_000_000_000_000_000 })
        {
            // tick = round((t + offset)·k) and back: exact when a tick is no longer than 1 ps, else within half a tick.
            long tick = (long)Math.Round((decimal)(sharedPs + options.BobClockOffsetPs) * (decimal)ticksPerPs);
            long back = link.BobTimebase.ToSharedPicoseconds(tick);
            // (decimal)double keeps 15 significant digits, so the reference tick itself is off by up to |t|·1e-15.
            double tolerance = (resolutionPs / 2) + 1 + (Math.Abs((double)sharedPs) * 2e-15);
            Assert.InRange(back, sharedPs - tolerance, sharedPs + tolerance);
        }
    }
}
