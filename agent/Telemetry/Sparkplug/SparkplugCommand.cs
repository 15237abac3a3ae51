namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>A validated write from a host application: the metric it addresses and the typed value.</summary>
/// <param name="DeviceId">The device of a DCMD; null for an NCMD.</param>
/// <param name="Definition">The addressed metric, found by name or alias.</param>
/// <param name="Value">The commanded value, of the metric's datatype.</param>
public readonly record struct SparkplugCommand(string? DeviceId, MetricDefinition Definition, MetricValue Value);
