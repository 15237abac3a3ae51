using NodeAgent.Drivers.Simulated;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Timing.Tests.Alignment;

public sealed class SlotAlignerTests
{
    private static SlotAlignerOptions Options() => new() { SlotPeriodPs = LinkDetections.PeriodPs, TickPicoseconds = 1.0 };

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    [InlineData(15UL)]
    [InlineData(16UL)]
    public void Recovers_a_random_offset_and_frequency_error_at_40_dB(ulong seed)
    {
        var random = new Random((int)seed);
        double ppm = (random.NextDouble() * 100) - 50;
        long offsetPs = (long)((random.NextDouble() * 2e9) - 1e9);
        SimulatedLink link = LinkDetections.Link(seed, 40, ppm, offsetPs);
        DetectionEvent[] events = LinkDetections.Read(link, 10);

        AlignmentResult result = new SlotAligner(Options()).Acquire(LinkDetections.Ticks(events), new NominalTimebase(1.0));

        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: true {ppm:F4} ppm, offset {offsetPs / 1e6:F3} µs; {result}");
        Assert.Equal(AlignmentStatus.Locked, result.Status);
        Assert.InRange(result.FrequencyErrorPpm - ppm, -0.01, 0.01);
        // The prior is the tagger's own count, so the offset found is the truth minus that count at the anchor.
        long anchor = result.Mapping.AnchorTick + (long)Math.Round(result.Mapping.PhaseTicks);
        Assert.InRange(result.OffsetFromPriorPs - (link.BobTimebase.ToSharedPicoseconds(anchor) - anchor), -1_000, 1_000);
        AssertSlotsAgree(link, events, new MappingTimebase(result.Mapping), out double rmsPs, out double maxPs);
        TestContext.Current.TestOutputHelper?.WriteLine($"  mapping error over the window: rms {rmsPs:F1} ps, max {maxPs:F1} ps; frequency error {(result.FrequencyErrorPpm - ppm) * 1e6:F1} ppt");
        Assert.True(maxPs < 100, $"mapping error up to {maxPs:F0} ps");
    }

    [Fact]
    public void Reports_no_frequency_peak_at_70_dB()
    {
        SimulatedLink link = LinkDetections.Link(3, 70, 20, 300_000_000);
        DetectionEvent[] events = LinkDetections.Read(link, 10);

        AlignmentResult result = new SlotAligner(Options()).Acquire(LinkDetections.Ticks(events), new NominalTimebase(1.0));

        Assert.Equal(AlignmentStatus.NoFrequencyPeak, result.Status);
        Assert.False(result.IsLocked);
        Assert.Contains("cannot lock", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reports_no_frequency_peak_for_pure_noise(int seed)
    {
        var random = new Random(seed);
        long[] ticks = new long[50_000];
        for (int i = 0; i < ticks.Length; i++)
        {
            ticks[i] = random.NextInt64(0, 5_000_000_000_000);
        }

        Array.Sort(ticks);
        AlignmentResult result = new SlotAligner(Options()).Acquire(ticks, new NominalTimebase(1.0));

        Assert.Equal(AlignmentStatus.NoFrequencyPeak, result.Status);
        Assert.True(result.FrequencyPeakRatio < 30);
    }

    [Fact]
    public void Reports_no_pattern_peak_when_the_transmitter_sends_no_pattern()
    {
        SimulatedLink link = LinkDetections.Link(5, 7, 3, 50_000_000, blanks: false);
        DetectionEvent[] events = LinkDetections.Read(link, 0.2);

        AlignmentResult result = new SlotAligner(Options()).Acquire(LinkDetections.Ticks(events), new NominalTimebase(1.0));

        Assert.Equal(AlignmentStatus.NoPatternPeak, result.Status);
        Assert.True(result.FrequencyPeakRatio > 1000, "the grid itself is plain to see");
    }

    [Fact]
    public void Reports_too_few_detections()
    {
        AlignmentResult result = new SlotAligner(Options()).Acquire([1, 2, 3], new NominalTimebase(1.0));
        Assert.Equal(AlignmentStatus.TooFewDetections, result.Status);
        Assert.Equal(3, result.Detections);
    }

    [Fact]
    public void An_offset_beyond_the_searched_range_is_not_claimed_as_a_lock()
    {
        // 1.6 ms off with a ±1 ms window: the true shift is outside, so the best dip inside is noise.
        SimulatedLink link = LinkDetections.Link(8, 20, 10, 1_600_000_000);
        DetectionEvent[] events = LinkDetections.Read(link, 1);

        AlignmentResult result = new SlotAligner(Options()).Acquire(LinkDetections.Ticks(events), new NominalTimebase(1.0));

        Assert.Equal(AlignmentStatus.NoPatternPeak, result.Status);
    }

    [Fact]
    public void Options_are_validated()
    {
        var options = new SlotAlignerOptions { SlotPeriodPs = 20_000, MaxOffsetPs = 2_000_000_000, GatePs = 0, MaxFrequencyErrorPpm = -1 };
        IReadOnlyList<string> problems = options.Validate();
        Assert.Contains(problems, p => p.Contains("MaxOffsetPs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GatePs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("MaxFrequencyErrorPpm", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new SlotAligner(options));
        Assert.Empty(Options().Validate());
    }

    /// <summary>Every photon click (within ±500 ps of its true slot centre) lands in its true slot; error statistics.</summary>
    internal static void AssertSlotsAgree(SimulatedLink link, ReadOnlySpan<DetectionEvent> events, NodeAgent.Hal.Timing.ITimebase aligned, out double rmsPs, out double maxPs)
    {
        long[] times = new long[events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            times[i] = aligned.ToSharedPicoseconds(events[i].Tick);
        }

        AssertSlotsAgree(link, events, times, out rmsPs, out maxPs);
    }

    /// <summary>As above, with the aligned shared time of each click as it was when the click was handed on.</summary>
    internal static void AssertSlotsAgree(SimulatedLink link, ReadOnlySpan<DetectionEvent> events, long[] alignedTimes, out double rmsPs, out double maxPs)
    {
        double sum2 = 0;
        maxPs = 0;
        int photons = 0;
        for (int i = 0; i < events.Length; i++)
        {
            DetectionEvent e = events[i];
            long trueT = link.BobTimebase.ToSharedPicoseconds(e.Tick);
            long trueSlot = LinkDetections.TrueSlot(link, e.Tick);
            if (Math.Abs(trueT - (trueSlot * LinkDetections.PeriodPs)) > 500)
            {
                continue; // a dark count away from the pulse
            }

            long t = alignedTimes[i];
            double error = t - trueT;
            sum2 += error * error;
            maxPs = Math.Max(maxPs, Math.Abs(error));
            photons++;
            Assert.Equal(trueSlot, (long)Math.Floor(((double)t / LinkDetections.PeriodPs) + 0.5));
        }

        Assert.True(photons > 100, $"only {photons} photon clicks");
        rmsPs = Math.Sqrt(sum2 / photons);
    }
}
