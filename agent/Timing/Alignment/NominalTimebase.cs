using NodeAgent.Hal.Timing;

namespace NodeAgent.Timing.Alignment;

/// <summary>
/// A free-running tagger taken at face value: tick·(nominal tick length), tick 0 at the link epoch. The prior of slot
/// alignment when nothing better (PTP) is at hand; always <see cref="TimebaseState.Unlocked"/>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class NominalTimebase(double tickPicoseconds) : ITimebase
{
    public TimebaseState State => TimebaseState.Unlocked;

    public double UncertaintyPicoseconds => double.PositiveInfinity;

    public long ToSharedPicoseconds(long tick) => (long)Math.Round(tick * tickPicoseconds);
}
