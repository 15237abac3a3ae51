namespace NodeAgent.Drivers.Simulated;

/// <summary>How fast the simulated link produces slots.</summary>
public enum SimulationPacing
{
    /// <summary>
    /// Slots follow the <see cref="TimeProvider"/>: a read sees the slots sent up to the elapsed time since the link was
    /// constructed, as a real tagger would.
    /// </summary>
    RealTime = 0,

    /// <summary>
    /// Slots are produced on demand, at most <see cref="SimulatedLinkOptions.MaxSlotsPerRead"/> more per read: for tests,
    /// benchmarks and single-process loopback runs.
    /// </summary>
    AsFastAsPossible = 1,
}
