using NodeAgent.Hal.Timing;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Bob's timebase as a PTP servo that has converged would present it: it knows the tagger's frequency error and offset
/// exactly, so <see cref="ToSharedPicoseconds"/> inverts the simulated tagger clock. It is always
/// <see cref="TimebaseState.Locked"/> and reports the configured uncertainty.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class SimulatedTimebase : ITimebase
{
    private readonly TaggerClock _clock;

    public SimulatedTimebase(TaggerClock clock, double uncertaintyPs)
    {
        _clock = clock;
        UncertaintyPicoseconds = uncertaintyPs;
    }

    public TimebaseState State => TimebaseState.Locked;

    public double UncertaintyPicoseconds { get; }

    public long ToSharedPicoseconds(long tick) => _clock.ToSharedPicoseconds(tick);
}
