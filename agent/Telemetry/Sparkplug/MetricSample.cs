namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>One metric value to encode: its definition, the value and the time it was acquired.</summary>
/// <param name="Definition">The metric (name, alias, datatype).</param>
/// <param name="Value">The value; its datatype must be the definition's.</param>
/// <param name="Timestamp">Acquisition time; sent as milliseconds since the Unix epoch, UTC.</param>
public readonly record struct MetricSample(MetricDefinition Definition, MetricValue Value, DateTimeOffset Timestamp);
