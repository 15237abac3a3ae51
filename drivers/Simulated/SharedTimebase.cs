using NodeAgent.Hal.Timing;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Alice's timebase: her clock defines the shared scale of the simulation, so a tick is a picosecond since the link
/// epoch and the conversion is the identity, with no uncertainty.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class SharedTimebase : ITimebase
{
    public TimebaseState State => TimebaseState.Locked;

    public double UncertaintyPicoseconds => 0;

    public long ToSharedPicoseconds(long tick) => tick;
}
