using Microsoft.Extensions.Logging;
using NodeAgent.Drivers.Simulated;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Timing;
using NodeAgent.Node.Pipeline;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Node.Devices;

/// <summary>What Bob's pipeline reads, how its ticks map to shared time, and the slot period it cuts time into.</summary>
/// <param name="Tagger">The tagger Bob's session reads.</param>
/// <param name="Timebase">Ticks → shared time for the slotter.</param>
/// <param name="SlotPeriodPs">Alice's pulse period.</param>
/// <param name="Aligner">The slot aligner in front of the tagger, when there is one (the caller disposes it).</param>
internal sealed record BobOptics(ITimeTagger Tagger, ITimebase Timebase, long SlotPeriodPs, AligningTimeTagger? Aligner)
{
    /// <summary>
    /// Bob's optics: the hardware tagger's ring output when <paramref name="acquisition"/> has one, else the simulated
    /// link's tagger. A hardware tagger's clock knows nothing of Alice's slots, so its slots always come from slot
    /// alignment, with Alice's period from <c>Alignment:SlotPeriodPs</c>; the simulated tagger is aligned when the
    /// simulated Alice sends the sync pattern (<c>Simulation:SyncBlanks</c>), with the simulator's period. Either way
    /// the prior is the tagger's own count (<see cref="NominalTimebase"/>), which must be within
    /// ±<c>Alignment:MaxOffsetPs</c> of shared time.
    /// </summary>
    public static BobOptics Build(
        SimulatedLink link, SimulatedLinkOptions simulation, BobAcquisition? acquisition, ILogger logger, LinkEndStatistics statistics)
    {
        SlotAlignerOptions alignment = acquisition?.Alignment ?? new SlotAlignerOptions();
        if (acquisition?.Tagger is { } hardware)
        {
            AligningTimeTagger aligned = Aligned(hardware, With(alignment, alignment.SlotPeriodPs, hardware.TickPicoseconds), logger, statistics);
            return new BobOptics(aligned, aligned.Timebase, alignment.SlotPeriodPs, aligned);
        }

        if (!simulation.SyncBlanks)
        {
            return new BobOptics(link.Tagger, link.BobTimebase, link.SlotPeriodPicoseconds, null);
        }

        // Alice sends the sync pattern: Bob finds his slots from the detections instead of knowing his clock. The
        // simulated offset and drift stay well inside the ±1 ms searched by default.
        AligningTimeTagger simulated = Aligned(link.Tagger, With(alignment, link.SlotPeriodPicoseconds, link.Tagger.TickPicoseconds), logger, statistics);
        return new BobOptics(simulated, simulated.Timebase, link.SlotPeriodPicoseconds, simulated);
    }

    private static AligningTimeTagger Aligned(ITimeTagger tagger, SlotAlignerOptions options, ILogger logger, LinkEndStatistics statistics)
    {
        var aligner = new AligningTimeTagger(tagger, new NominalTimebase(tagger.TickPicoseconds), options);
        aligner.AlignmentAttempted += result =>
        {
            statistics.SlotAligned(result.ToString());
            if (result.IsLocked)
            {
                logger.LogInformation("Slot alignment {Result}", result);
            }
            else
            {
                logger.LogWarning("Slot alignment {Result}", result);
            }
        };
        return aligner;
    }

    /// <summary>The configured alignment settings with the period and tick the optics dictate.</summary>
    private static SlotAlignerOptions With(SlotAlignerOptions o, long slotPeriodPs, double tickPicoseconds) => new()
    {
        SlotPeriodPs = slotPeriodPs,
        TickPicoseconds = tickPicoseconds,
        MaxFrequencyErrorPpm = o.MaxFrequencyErrorPpm,
        MaxOffsetPs = o.MaxOffsetPs,
        AcquisitionDetections = o.AcquisitionDetections,
        AcquisitionSeconds = o.AcquisitionSeconds,
        MinDetections = o.MinDetections,
        FrequencyThreshold = o.FrequencyThreshold,
        PatternThresholdSigma = o.PatternThresholdSigma,
        GatePs = o.GatePs,
        TrackingDetections = o.TrackingDetections,
    };
}
