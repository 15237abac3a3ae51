namespace NodeAgent.Hal.Timing;

/// <summary>How far a timebase can be trusted.</summary>
public enum TimebaseState
{
    /// <summary>No reference yet: conversions are not meaningful.</summary>
    Unlocked = 0,

    /// <summary>Disciplined by a live reference (PTP, PPS or the quantum signal).</summary>
    Locked = 1,

    /// <summary>Reference lost; running on the last frequency estimate with growing uncertainty.</summary>
    Holdover = 2,
}
