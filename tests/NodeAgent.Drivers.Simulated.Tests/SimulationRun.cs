using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>Test helpers: build links, drain the tagger, and recover each click's slot as the agent would.</summary>
internal static class SimulationRun
{
    /// <summary>Defaults with as-fast-as-possible pacing and the given seed.</summary>
    public static SimulatedLinkOptions FastOptions(ulong seed = 1) => new()
    {
        Seed = seed,
        Pacing = SimulationPacing.AsFastAsPossible,
    };

    public static SimulatedLink Create(SimulatedLinkOptions options) => new(options, new ManualTimeProvider());

    /// <summary>Reads until at least <paramref name="slots"/> slots are simulated; returns every event read.</summary>
    public static List<DetectionEvent> ReadSlots(SimulatedLink link, long slots, int chunk = 4096)
    {
        var events = new List<DetectionEvent>();
        var buffer = new DetectionEvent[chunk];
        while (link.SlotsSimulated < slots)
        {
            TaggerReadResult result = link.Tagger.Read(buffer);
            Assert.Equal(0, result.LostEvents);
            events.AddRange(buffer.AsSpan(0, result.Count));
        }

        return events;
    }

    /// <summary>Reads exactly <paramref name="count"/> events with reads of at most <paramref name="chunk"/>.</summary>
    public static DetectionEvent[] ReadEvents(SimulatedLink link, int count, int chunk)
    {
        var events = new DetectionEvent[count];
        int filled = 0;
        int emptyReads = 0;
        while (filled < count)
        {
            int want = Math.Min(chunk, count - filled);
            int got = link.Tagger.Read(events.AsSpan(filled, want)).Count;
            filled += got;
            emptyReads = got == 0 ? emptyReads + 1 : 0;
            Assert.True(emptyReads < 1000, "the tagger stopped producing events");
        }

        return events;
    }

    /// <summary>Nearest slot of a shared time (halves up), as the agent's slotter computes it.</summary>
    public static long NearestSlot(long sharedPs, long periodPs) => FloorDiv(sharedPs + (periodPs / 2), periodPs);

    public static long FloorDiv(long numerator, long denominator)
    {
        long q = Math.DivRem(numerator, denominator, out long r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>Channel → (basis, bit) under the default wiring 0 = Z/0, 1 = Z/1, 2 = X/0, 3 = X/1.</summary>
    public static (Basis Basis, byte Bit) Outcome(int channel) => ((Basis)(channel >> 1), (byte)(channel & 1));

    /// <summary>Alice's pulse for each event's recovered slot.</summary>
    public static (long[] Slots, SentPulse[] Pulses) LookUp(SimulatedLink link, IReadOnlyList<DetectionEvent> events)
    {
        var slots = new long[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            slots[i] = NearestSlot(link.BobTimebase.ToSharedPicoseconds(events[i].Tick), link.SlotPeriodPicoseconds);
        }

        var pulses = new SentPulse[events.Count];
        Assert.True(link.Transmitter.TryLookup(slots, pulses));
        return (slots, pulses);
    }

    /// <summary>How many of slots [0, slotCount) carried each intensity class, counted through the transmitter.</summary>
    public static long[] CountIntensities(SimulatedLink link, long slotCount)
    {
        var counts = new long[3];
        const int Batch = 1 << 16;
        var slots = new long[Batch];
        var pulses = new SentPulse[Batch];
        for (long start = 0; start < slotCount; start += Batch)
        {
            int n = (int)Math.Min(Batch, slotCount - start);
            for (int i = 0; i < n; i++)
            {
                slots[i] = start + i;
            }

            Assert.True(link.Transmitter.TryLookup(slots.AsSpan(0, n), pulses.AsSpan(0, n)));
            for (int i = 0; i < n; i++)
            {
                counts[(int)pulses[i].Intensity]++;
            }
        }

        return counts;
    }

    /// <summary>Tolerance of k standard deviations of a binomial proportion p over n trials.</summary>
    public static double BinomialTolerance(double p, long n, double sigmas = 5) => sigmas * Math.Sqrt(p * (1 - p) / n);
}
