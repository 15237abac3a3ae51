namespace NodeAgent.Timing.Alignment;

/// <summary>What one alignment attempt found.</summary>
/// <param name="Status">Locked, or why not.</param>
/// <param name="Mapping">Ticks → slots (meaningful only when <paramref name="Status"/> is Locked).</param>
/// <param name="FrequencyErrorPpm">How much faster the tagger runs than the transmitter's nominal period implies.</param>
/// <param name="OffsetFromPriorPs">Shared time of the anchor slot minus what the prior timebase said.</param>
/// <param name="FrequencyPeakRatio">Power of the pulse train's line over the incoherent level (≈1 for noise).</param>
/// <param name="PatternSigma">Depth of the sync-pattern correlation dip in standard deviations of all shifts.</param>
/// <param name="Detections">Detections in the window.</param>
/// <param name="GatedDetections">Detections within the gate around slot centres (used for the pattern).</param>
public sealed record AlignmentResult(
    AlignmentStatus Status,
    SlotMapping Mapping,
    double FrequencyErrorPpm,
    double OffsetFromPriorPs,
    double FrequencyPeakRatio,
    double PatternSigma,
    int Detections,
    int GatedDetections)
{
    /// <summary>True when the slot grid and index were recovered.</summary>
    public bool IsLocked => Status == AlignmentStatus.Locked;

    /// <summary>A one-line account for logs.</summary>
    public override string ToString() => Status switch
    {
        AlignmentStatus.Locked =>
            $"locked: frequency error {FrequencyErrorPpm:F3} ppm, offset from prior {OffsetFromPriorPs / 1e6:F3} µs, line {FrequencyPeakRatio:F0}× noise, pattern {PatternSigma:F1} σ, {Detections} detections ({GatedDetections} in gate)",
        AlignmentStatus.TooFewDetections => $"cannot lock: only {Detections} detections",
        AlignmentStatus.NoFrequencyPeak => $"cannot lock: no pulse-train line above threshold (best {FrequencyPeakRatio:F1}× noise, {Detections} detections)",
        _ => $"cannot lock: no sync-pattern peak above threshold (best {PatternSigma:F1} σ, {GatedDetections} of {Detections} detections in gate)",
    };
}
