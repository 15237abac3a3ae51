using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Model;

/// <summary>The last value seen of one metric. Immutable.</summary>
/// <param name="Name">The metric name as born (e.g. <c>Rates/Secret bits per second</c>).</param>
/// <param name="DataType">The datatype from the birth, or from the data message when it states one.</param>
/// <param name="Value">The value; null when the metric was sent as null (<c>is_null</c>) or in a form not understood.</param>
/// <param name="Updated">When the watcher received it (not the edge node's timestamp: clocks may differ).</param>
internal sealed record MetricReading(string Name, SparkplugDataType? DataType, MetricValue? Value, DateTimeOffset Updated)
{
    /// <summary>The value as a double when numeric; otherwise null.</summary>
    public double? Number => Value is { IsNumeric: true } v ? v.AsDouble() : null;

    /// <summary>The value as text when a String or Text; otherwise null.</summary>
    public string? Text => Value is { DataType: SparkplugDataType.String or SparkplugDataType.Text } v ? v.AsString() : null;
}
