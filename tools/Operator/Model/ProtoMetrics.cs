using NodeAgent.Telemetry.Sparkplug;
using Metric = NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric;

namespace NodeAgent.Operator.Model;

/// <summary>
/// Reads the scalar value of a received protobuf <see cref="Metric"/> into a <see cref="MetricValue"/>, by the
/// datatype (the metric's own, else the one born with its alias) and the value field it travels in (Sparkplug 3.0.0,
/// chapter 6, "Datatype Details"). Lenient: a field that does not match the datatype is read as its natural type.
/// </summary>
internal static class ProtoMetrics
{
    /// <summary>The metric's datatype when it states a known one, else <paramref name="born"/>.</summary>
    public static SparkplugDataType? DataTypeOf(Metric metric, SparkplugDataType? born) =>
        metric.HasDatatype && Enum.IsDefined((SparkplugDataType)metric.Datatype) ? (SparkplugDataType)metric.Datatype : born;

    /// <summary>The value; null for a null metric or a value this tool does not show (datasets, templates, bytes).</summary>
    public static MetricValue? ReadValue(Metric metric, SparkplugDataType? type)
    {
        if (metric.HasIsNull && metric.IsNull)
        {
            return null;
        }

        return metric.ValueCase switch
        {
            Metric.ValueOneofCase.IntValue => type switch
            {
                SparkplugDataType.Int8 => MetricValue.FromInt8(unchecked((sbyte)metric.IntValue)),
                SparkplugDataType.Int16 => MetricValue.FromInt16(unchecked((short)metric.IntValue)),
                SparkplugDataType.UInt8 => MetricValue.FromUInt8(unchecked((byte)metric.IntValue)),
                SparkplugDataType.UInt16 => MetricValue.FromUInt16(unchecked((ushort)metric.IntValue)),
                SparkplugDataType.UInt32 => MetricValue.FromUInt32(metric.IntValue),
                _ => MetricValue.FromInt32(unchecked((int)metric.IntValue)),
            },
            Metric.ValueOneofCase.LongValue => type switch
            {
                SparkplugDataType.UInt64 => MetricValue.FromUInt64(metric.LongValue),
                SparkplugDataType.UInt32 when metric.LongValue <= uint.MaxValue => MetricValue.FromUInt32((uint)metric.LongValue),
                SparkplugDataType.DateTime when metric.LongValue <= long.MaxValue =>
                    MetricValue.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(Math.Min((long)metric.LongValue, 253_402_300_799_999))),
                _ => MetricValue.FromInt64(unchecked((long)metric.LongValue)),
            },
            Metric.ValueOneofCase.FloatValue => MetricValue.FromFloat(metric.FloatValue),
            Metric.ValueOneofCase.DoubleValue => MetricValue.FromDouble(metric.DoubleValue),
            Metric.ValueOneofCase.BooleanValue => MetricValue.FromBoolean(metric.BooleanValue),
            Metric.ValueOneofCase.StringValue => type == SparkplugDataType.Text
                ? MetricValue.FromText(metric.StringValue)
                : MetricValue.FromString(metric.StringValue),
            _ => null,
        };
    }
}
