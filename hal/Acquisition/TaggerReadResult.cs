namespace NodeAgent.Hal.Acquisition;

/// <summary>What one <see cref="ITimeTagger.Read"/> produced.</summary>
/// <param name="Count">Events written to the caller's span, in ascending tick order.</param>
/// <param name="LostEvents">Events the device dropped since the previous read (FIFO overflow); 0 when none.</param>
public readonly record struct TaggerReadResult(int Count, long LostEvents)
{
    /// <summary>True when the device reported an overflow since the previous read.</summary>
    public bool Overflowed => LostEvents > 0;
}
