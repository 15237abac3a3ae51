namespace NodeAgent.Node.Pipeline;

/// <summary>
/// Alice's tally of every detection Bob reported since the previous block, per intensity, and the slots they span:
/// the pulses sent meanwhile, for the passive-channel check.
/// </summary>
internal readonly record struct ChannelPeriod(long FirstSlot, long LastSlot, IntensityTally Detections)
{
    public static ChannelPeriod Empty => new(-1, -1, default);

    /// <summary>Pulses sent over the period (0 when empty).</summary>
    public long Pulses => FirstSlot < 0 ? 0 : LastSlot - FirstSlot + 1;

    public ChannelPeriod Add(long firstSlot, long lastSlot, IntensityTally detections) => new(
        FirstSlot < 0 ? firstSlot : FirstSlot,
        Math.Max(LastSlot, lastSlot),
        new IntensityTally
        {
            Signal = Detections.Signal + detections.Signal,
            Decoy = Detections.Decoy + detections.Decoy,
            Vacuum = Detections.Vacuum + detections.Vacuum,
        });
}
