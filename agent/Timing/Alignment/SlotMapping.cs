namespace NodeAgent.Timing.Alignment;

/// <summary>
/// A linear map from tagger ticks to (fractional) slot positions: slot(tick) = AnchorSlot + (tick − AnchorTick −
/// PhaseTicks) / TicksPerSlot, so the centre of slot <see cref="AnchorSlot"/> is at tick AnchorTick + PhaseTicks.
/// </summary>
/// <remarks>
/// The anchor is a recent tick, so (tick − AnchorTick) stays small and exact in a double; the tracker moves it forward.
/// </remarks>
/// <param name="AnchorTick">A tick near the detections the map was fitted to.</param>
/// <param name="AnchorSlot">Absolute slot index whose centre lies near <paramref name="AnchorTick"/>.</param>
/// <param name="PhaseTicks">Position of that slot's centre relative to the anchor tick, in ticks.</param>
/// <param name="TicksPerSlot">The transmitter's period measured in the tagger's ticks.</param>
public readonly record struct SlotMapping(long AnchorTick, long AnchorSlot, double PhaseTicks, double TicksPerSlot)
{
    /// <summary>Fractional slot position of <paramref name="tick"/> relative to <see cref="AnchorSlot"/>.</summary>
    public double RelativeSlot(long tick) => ((tick - AnchorTick) - PhaseTicks) / TicksPerSlot;

    /// <summary>Shared picoseconds of <paramref name="tick"/> for a slot period of <paramref name="slotPeriodPs"/>.</summary>
    public long ToSharedPicoseconds(long tick, long slotPeriodPs)
    {
        double relative = RelativeSlot(tick);
        long whole = (long)Math.Floor(relative);
        return checked(((AnchorSlot + whole) * slotPeriodPs) + (long)Math.Round((relative - whole) * slotPeriodPs));
    }

    /// <summary>
    /// The same map re-anchored at <paramref name="tick"/> with its slot position shifted by <paramref name="slotShift"/>
    /// and its period set to <paramref name="ticksPerSlot"/> from that tick on.
    /// </summary>
    public SlotMapping Reanchored(long tick, double slotShift, double ticksPerSlot)
    {
        double position = RelativeSlot(tick) + slotShift;
        long slot = (long)Math.Round(position);
        return new SlotMapping(tick, AnchorSlot + slot, (slot - position) * ticksPerSlot, ticksPerSlot);
    }
}
