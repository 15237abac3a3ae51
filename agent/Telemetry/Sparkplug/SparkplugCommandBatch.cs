namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>A decoded NCMD/DCMD payload: the metrics that passed validation and those that did not.</summary>
/// <param name="Commands">Valid commands, in payload order.</param>
/// <param name="Rejections">Refused metrics (or one entry for the whole payload when it is malformed or oversized).</param>
public sealed record SparkplugCommandBatch(IReadOnlyList<SparkplugCommand> Commands, IReadOnlyList<SparkplugCommandRejection> Rejections);
