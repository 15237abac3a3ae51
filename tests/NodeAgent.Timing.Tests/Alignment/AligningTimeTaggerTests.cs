using NodeAgent.Drivers.Simulated;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Timing;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Timing.Tests.Alignment;

public sealed class AligningTimeTaggerTests
{
    [Theory]
    [InlineData(21UL, 5.0, 123_456_789L)]
    [InlineData(22UL, -50.0, -999_000_000L)]
    [InlineData(23UL, 50.0, 700_000_000L)]
    public void Withholds_until_locked_then_passes_clicks_in_their_true_slots_and_tracks(ulong seed, double ppm, long offsetPs)
    {
        SimulatedLink link = LinkDetections.Link(seed, 7, ppm, offsetPs);
        var options = new SlotAlignerOptions { SlotPeriodPs = LinkDetections.PeriodPs, TickPicoseconds = 1.0 };
        using var aligned = new AligningTimeTagger(link.Tagger, new NominalTimebase(1.0), options);
        var results = new List<AlignmentResult>();
        aligned.AlignmentAttempted += results.Add;
        var buffer = new DetectionEvent[4096];
        var passed = new List<DetectionEvent>();
        var times = new List<long>();
        long slots = (long)(3e12 / LinkDetections.PeriodPs); // 3 s of link time
        while (link.SlotsSimulated < slots)
        {
            TaggerReadResult read = aligned.Read(buffer);
            passed.AddRange(buffer.AsSpan(0, read.Count));
            foreach (DetectionEvent e in buffer.AsSpan(0, read.Count))
            {
                times.Add(aligned.Timebase.ToSharedPicoseconds(e.Tick)); // as the slotter sees it, right after the read
            }
        }

        AlignmentResult first = Assert.Single(results);
        Assert.True(first.IsLocked, first.ToString());
        Assert.Equal(TimebaseState.Locked, aligned.Timebase.State);
        Assert.True(aligned.WithheldDetections >= options.AcquisitionDetections);
        Assert.True(aligned.Timebase.TrackingUpdates > 10);
        Assert.Equal(0, aligned.Timebase.LockLosses);
        Assert.True(aligned.BlankSlotDetections > 0);
        Assert.True(aligned.Timebase.UncertaintyPicoseconds < 10, $"uncertainty {aligned.Timebase.UncertaintyPicoseconds} ps");

        // Every click handed on is in its true slot and never in a blank one; the map stays within tens of picoseconds.
        SlotAlignerTests.AssertSlotsAgree(link, passed.ToArray(), times.ToArray(), out double rmsPs, out double maxPs);
        Assert.DoesNotContain(passed, e => SyncPattern.IsBlank(LinkDetections.TrueSlot(link, e.Tick)) && IsPhoton(link, e));
        TestContext.Current.TestOutputHelper?.WriteLine($"{first}; tracked over 3 s: rms {rmsPs:F1} ps, max {maxPs:F1} ps");
        Assert.True(maxPs < 100, $"max error {maxPs} ps");
    }

    [Fact]
    public void A_wrong_lock_is_noticed_by_the_blank_slots()
    {
        SimulatedLink link = LinkDetections.Link(31, 7, 2, 1_000_000);
        DetectionEvent[] events = LinkDetections.Read(link, 0.5);
        AlignmentResult result = new SlotAligner(new SlotAlignerOptions()).Acquire(LinkDetections.Ticks(events), new NominalTimebase(1.0));
        Assert.True(result.IsLocked);

        // The right grid, one slot off: the blanks now fall on slots with pulses.
        var timebase = new AlignedTimebase(LinkDetections.PeriodPs, 1_000, 4_096);
        SlotMapping wrong = result.Mapping with { AnchorSlot = result.Mapping.AnchorSlot + 1 };
        timebase.Lock(wrong, 1);
        Assert.False(timebase.Observe(events));
        Assert.Equal(TimebaseState.Holdover, timebase.State);
        Assert.Equal(1, timebase.LockLosses);

        var right = new AlignedTimebase(LinkDetections.PeriodPs, 1_000, 4_096);
        right.Lock(result.Mapping, 1);
        Assert.True(right.Observe(events));
        Assert.Equal(TimebaseState.Locked, right.State);
    }

    private static bool IsPhoton(SimulatedLink link, DetectionEvent e) =>
        Math.Abs(link.BobTimebase.ToSharedPicoseconds(e.Tick) - (LinkDetections.TrueSlot(link, e.Tick) * LinkDetections.PeriodPs)) < 500;
}
