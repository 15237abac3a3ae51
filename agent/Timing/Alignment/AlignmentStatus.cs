namespace NodeAgent.Timing.Alignment;

/// <summary>Outcome of one slot-alignment attempt.</summary>
public enum AlignmentStatus
{
    /// <summary>Period, phase and absolute slot index recovered.</summary>
    Locked = 0,

    /// <summary>Fewer detections than <see cref="SlotAlignerOptions.MinDetections"/> in the window.</summary>
    TooFewDetections = 1,

    /// <summary>No spectral line of the pulse train within the frequency range stood above the threshold.</summary>
    NoFrequencyPeak = 2,

    /// <summary>The slot grid was found but no shift of the sync pattern stood above the threshold.</summary>
    NoPatternPeak = 3,
}
