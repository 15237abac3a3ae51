using NodeAgent.Drivers.Simulated;
using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Timing.Tests.Alignment;

/// <summary>Simulated detections at Bob with a chosen clock error, and the truth to check alignment against.</summary>
internal static class LinkDetections
{
    public const long PeriodPs = 20_000;

    /// <summary>Fibre length giving <paramref name="lossDb"/> of channel loss (0.2 dB/km plus 1 dB in the receiver).</summary>
    public static double FibreKmFor(double lossDb) => (lossDb - 1.0) / 0.2;

    public static SimulatedLink Link(ulong seed, double lossDb, double ppm, long offsetPs, bool blanks = true) => new(
        new SimulatedLinkOptions
        {
            Seed = seed,
            Pacing = SimulationPacing.AsFastAsPossible,
            FibreLengthKm = FibreKmFor(lossDb),
            ClockMismatchPpm = ppm,
            BobClockOffsetPs = offsetPs,
            SyncBlanks = blanks,
        },
        new ManualTimeProvider());

    /// <summary>Every detection in the first <paramref name="seconds"/> of link time.</summary>
    public static DetectionEvent[] Read(SimulatedLink link, double seconds)
    {
        long slots = (long)(seconds * 1e12 / PeriodPs);
        var events = new List<DetectionEvent>();
        var buffer = new DetectionEvent[8192];
        while (link.SlotsSimulated < slots)
        {
            int count = link.Tagger.Read(buffer).Count;
            events.AddRange(buffer.AsSpan(0, count));
        }

        return [.. events];
    }

    public static long[] Ticks(DetectionEvent[] events) => [.. events.Select(e => e.Tick)];

    /// <summary>The slot the simulator really put a click in (nearest slot of its true shared time).</summary>
    public static long TrueSlot(SimulatedLink link, long tick)
    {
        long t = link.BobTimebase.ToSharedPicoseconds(tick);
        return (long)Math.Floor(((double)t / PeriodPs) + 0.5);
    }
}
