namespace NodeAgent.Timing.Servo;

/// <summary>One reference pair: the tagger tick at which shared (PTP) time was <see cref="SharedPicoseconds"/>.</summary>
/// <remarks>From a PPS edge time-tagged on a spare channel (shared time = the whole second), or from a periodic
/// cross-timestamp of the tagger counter against the PTP hardware clock.</remarks>
public readonly record struct CrossTimestamp(long Tick, long SharedPicoseconds);
