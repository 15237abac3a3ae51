namespace NodeAgent.Drivers.Simulated;

/// <summary>A generated click waiting to be released in time order.</summary>
/// <param name="TimePs">True arrival time on the shared scale, picoseconds since the link epoch.</param>
/// <param name="Channel">Detector (tagger channel) that clicked.</param>
/// <param name="Eavesdropped">True when the photon was the eavesdropper's resent state.</param>
internal readonly record struct PendingClick(long TimePs, int Channel, bool Eavesdropped);
