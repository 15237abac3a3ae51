namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>One metric value to encode: its definition, the value and the time it was acquired.</summary>
/// <param name="Definition">The metric (name, alias, datatype).</param>
/// <param name="Value">The value; its datatype must be the definition's.</param>
/// <param name="Timestamp">Acquisition time; sent as milliseconds since the Unix epoch, UTC.</param>
/// <param name="IsHistorical">A value recorded while the node was offline, sent after the next birth (Sparkplug's
/// <c>is_historical</c>: hosts store it without taking it as the current value).</param>
public readonly record struct MetricSample(MetricDefinition Definition, MetricValue Value, DateTimeOffset Timestamp, bool IsHistorical = false);
