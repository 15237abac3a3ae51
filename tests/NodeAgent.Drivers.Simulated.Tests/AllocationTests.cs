using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>The hot paths allocate nothing per event (garnet-style allocation gate; wall time is not asserted).</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Reading_events_and_looking_up_pulses_allocates_nothing()
    {
        SimulatedLinkOptions options = SimulationRun.FastOptions(5);
        options.FibreLengthKm = 0;
        SimulatedLink link = SimulationRun.Create(options);
        var events = new DetectionEvent[8192];
        var slots = new long[events.Length];
        var pulses = new SentPulse[events.Length];

        // Warm up: JIT, the reorder buffer's working size.
        for (int i = 0; i < 20; i++)
        {
            link.Tagger.Read(events);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long read = 0;
        for (int i = 0; i < 100; i++)
        {
            int n = link.Tagger.Read(events).Count;
            read += n;
            for (int j = 0; j < n; j++)
            {
                slots[j] = SimulationRun.NearestSlot(link.BobTimebase.ToSharedPicoseconds(events[j].Tick), link.SlotPeriodPicoseconds);
            }

            Assert.True(link.Transmitter.TryLookup(slots.AsSpan(0, n), pulses));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(read > 500_000, $"only {read} events");
        Assert.Equal(0, allocated);
    }
}
