namespace NodeAgent.Drivers.Simulated;

/// <summary>A generated click waiting to be released in time order.</summary>
/// <param name="TimePs">True arrival time on the shared scale, picoseconds since the link epoch.</param>
/// <param name="Channel">Detector (tagger channel) that clicked.</param>
/// <param name="Origin">What caused it (for the eavesdropper's counters).</param>
internal readonly record struct PendingClick(long TimePs, int Channel, ClickOrigin Origin);
