using NodeAgent.Hal.Timing;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Timing.Tests.Alignment;

/// <summary>A fixed <see cref="SlotMapping"/> as a timebase.</summary>
internal sealed class MappingTimebase(SlotMapping mapping) : ITimebase
{
    public TimebaseState State => TimebaseState.Locked;

    public double UncertaintyPicoseconds => 0;

    public long ToSharedPicoseconds(long tick) => mapping.ToSharedPicoseconds(tick, LinkDetections.PeriodPs);
}
