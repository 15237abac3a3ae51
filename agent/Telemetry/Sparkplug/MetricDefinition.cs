namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// What a metric is: its name (slash-separated folders allowed, e.g. <c>Link/QBER</c>), its Sparkplug datatype, its
/// alias, the deadband that decides when a change is worth reporting, and whether host applications may write it.
/// Immutable.
/// </summary>
/// <param name="Name">The metric name, unique within its edge node or device.</param>
/// <param name="DataType">The Sparkplug datatype; every value set or commanded must have it.</param>
public sealed record MetricDefinition(string Name, SparkplugDataType DataType)
{
    /// <summary>
    /// The alias: unique across the edge node and all its devices, sent with the name in births and alone in data.
    /// Null in a definition handed to <see cref="SparkplugEdgeNode"/> means "assign one"; the node's births and
    /// <c>Node Control/Rebirth</c> carry none.
    /// </summary>
    public ulong? Alias { get; init; }

    /// <summary>
    /// The absolute deadband of numeric metrics: a new value is reported when it differs from the last reported one
    /// by more than this. 0 (the default) reports every change. Ignored for non-numeric metrics (any change reports).
    /// </summary>
    public double Deadband { get; init; }

    /// <summary>Whether NCMD/DCMD may write the metric; commands to other metrics are rejected.</summary>
    public bool Writable { get; init; }
}
