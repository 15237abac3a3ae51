using NodeAgent.Hal.Timing;

namespace NodeAgent.Timing.Alignment;

/// <summary>Settings of slot alignment from the quantum signal (configuration section <see cref="SectionName"/>).</summary>
/// <remarks>Bind, then call <see cref="ThrowIfInvalid"/>; <see cref="SlotAligner"/> refuses options that do not validate.</remarks>
public sealed class SlotAlignerOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "Alignment";

    /// <summary>The transmitter's nominal slot period in picoseconds (shared time).</summary>
    public long SlotPeriodPs { get; set; } = 20_000;

    /// <summary>The tagger's nominal tick length in picoseconds.</summary>
    public double TickPicoseconds { get; set; } = 1.0;

    /// <summary>Largest frequency error between tagger and transmitter searched, in ppm.</summary>
    public double MaxFrequencyErrorPpm { get; set; } = 50;

    /// <summary>Largest offset of the prior timebase searched, in picoseconds (±).</summary>
    public long MaxOffsetPs { get; set; } = 1_000_000_000;

    /// <summary>An attempt starts once this many detections are held...</summary>
    public int AcquisitionDetections { get; set; } = 200_000;

    /// <summary>...or once the held detections span this many seconds, whichever comes first.</summary>
    public double AcquisitionSeconds { get; set; } = 10;

    /// <summary>Fewer detections than this in a window: too few to try.</summary>
    public int MinDetections { get; set; } = 500;

    /// <summary>The pulse train's line must exceed the incoherent power by this factor (noise: exponential, mean 1).</summary>
    public double FrequencyThreshold { get; set; } = 30;

    /// <summary>The sync-pattern dip must be this many standard deviations deep.</summary>
    public double PatternThresholdSigma { get; set; } = 6;

    /// <summary>Full width of the gate around slot centres that keeps a detection for the pattern and tracking, in ps.</summary>
    public long GatePs { get; set; } = 1_000;

    /// <summary>Gated detections per tracking update.</summary>
    public int TrackingDetections { get; set; } = 4_096;

    /// <summary>Problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SlotPeriodPs <= 0)
        {
            problems.Add($"{SectionName}:SlotPeriodPs must be positive (got {SlotPeriodPs}).");
        }

        if (!(TickPicoseconds > 0) || double.IsInfinity(TickPicoseconds))
        {
            problems.Add($"{SectionName}:TickPicoseconds must be positive and finite (got {TickPicoseconds}).");
        }

        if (!(MaxFrequencyErrorPpm is > 0 and <= 1000))
        {
            problems.Add($"{SectionName}:MaxFrequencyErrorPpm must be in (0, 1000] (got {MaxFrequencyErrorPpm}).");
        }

        // The pattern repeats every PeriodSlots: a window wider than half of it would alias.
        if (SlotPeriodPs > 0 && (MaxOffsetPs < 0 || MaxOffsetPs / SlotPeriodPs >= (SyncPattern.PeriodSlots / 2) - 1))
        {
            problems.Add($"{SectionName}:MaxOffsetPs must be in [0, {((SyncPattern.PeriodSlots / 2) - 2) * SlotPeriodPs}] for this slot period (got {MaxOffsetPs}).");
        }

        if (AcquisitionDetections < 1 || AcquisitionDetections > 1 << 24)
        {
            problems.Add($"{SectionName}:AcquisitionDetections must be in [1, 2^24] (got {AcquisitionDetections}).");
        }

        if (!(AcquisitionSeconds is > 0 and <= 60))
        {
            problems.Add($"{SectionName}:AcquisitionSeconds must be in (0, 60] (got {AcquisitionSeconds}).");
        }

        if (MinDetections < 16)
        {
            problems.Add($"{SectionName}:MinDetections must be at least 16 (got {MinDetections}).");
        }

        if (!(FrequencyThreshold > 1) || !(PatternThresholdSigma > 0))
        {
            problems.Add($"{SectionName}:FrequencyThreshold must exceed 1 and PatternThresholdSigma must be positive.");
        }

        if (GatePs <= 0 || (SlotPeriodPs > 0 && GatePs > SlotPeriodPs))
        {
            problems.Add($"{SectionName}:GatePs must be in (0, SlotPeriodPs] (got {GatePs}).");
        }

        if (TrackingDetections < 64)
        {
            problems.Add($"{SectionName}:TrackingDetections must be at least 64 (got {TrackingDetections}).");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if any.</summary>
    public void ThrowIfInvalid(string? paramName = null)
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), paramName);
        }
    }
}
