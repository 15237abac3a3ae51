namespace NodeAgent.Hal.Timing;

/// <summary>
/// Maps a tagger's ticks onto the time scale both ends of the link share (PTP time, re-based at the link epoch).
/// </summary>
/// <remarks>
/// Shared time is counted in picoseconds from the link epoch, the shared instant at which slot 0 begins: a
/// <see cref="long"/> then spans about 106 days, and slot indices follow by integer division with no floating-point
/// loss. Implementations are safe to call from one reader thread while another thread reads <see cref="State"/>.
/// </remarks>
public interface ITimebase
{
    /// <summary>Current discipline state.</summary>
    TimebaseState State { get; }

    /// <summary>One-sigma uncertainty of <see cref="ToSharedPicoseconds"/> in picoseconds.</summary>
    double UncertaintyPicoseconds { get; }

    /// <summary>Converts a tagger tick to picoseconds since the link epoch on the shared time scale.</summary>
    long ToSharedPicoseconds(long tick);
}
