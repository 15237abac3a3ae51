namespace NodeAgent.Hal.Acquisition;

/// <summary>
/// A time-to-digital converter that timestamps detector clicks (a TDC over SPI, GPIO edge timestamps, or a simulation).
/// </summary>
/// <remarks>
/// Not thread-safe: one reader thread drains a tagger. <see cref="Read"/> never blocks for long; it returns what the
/// device holds now (possibly nothing).
/// </remarks>
public interface ITimeTagger
{
    /// <summary>Number of input channels; <see cref="DetectionEvent.Channel"/> is in [0, ChannelCount).</summary>
    int ChannelCount { get; }

    /// <summary>Nominal tick length in picoseconds (the timebase refines it).</summary>
    double TickPicoseconds { get; }

    /// <summary>Fills <paramref name="destination"/> with the oldest pending events, in ascending tick order.</summary>
    TaggerReadResult Read(Span<DetectionEvent> destination);
}
