namespace NodeAgent.Hal.Gpio;

/// <summary>Edge events from one or more GPIO input lines (an interrupt pin, a PPS input, a monitoring input).</summary>
/// <remarks>Not thread-safe: one thread reads a source. Both members may throw <see cref="IOException"/>.</remarks>
public interface IGpioEdgeSource
{
    /// <summary>Copies the oldest pending edges into <paramref name="destination"/>; never blocks; 0 when none.</summary>
    int ReadEdges(Span<GpioEdge> destination);

    /// <summary>Waits until at least one edge is pending or <paramref name="timeout"/> passes.</summary>
    /// <returns>True when an edge is pending.</returns>
    bool WaitForEdge(TimeSpan timeout);
}
