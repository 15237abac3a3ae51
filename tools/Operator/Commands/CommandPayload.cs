using Google.Protobuf;
using NodeAgent.Telemetry.Sparkplug;
using NodeAgent.Telemetry.Sparkplug.Protos;
using Metric = NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric;

namespace NodeAgent.Operator.Commands;

/// <summary>
/// Encodes an NCMD/DCMD payload (Sparkplug 3.0.0, chapter 6, "NCMD"/"DCMD"): timestamp, no seq, one metric by name
/// with its datatype, timestamp and value in the field its datatype travels in. Addressed by name, not alias, so it
/// works without having seen a birth.
/// </summary>
internal static class CommandPayload
{
    public static byte[] Encode(string metricName, MetricValue value, DateTimeOffset now)
    {
        ulong ms = (ulong)Math.Max(0, now.ToUnixTimeMilliseconds());
        var metric = new Metric { Name = metricName, Timestamp = ms, Datatype = (uint)value.DataType };
        switch (value.DataType)
        {
            case SparkplugDataType.Int8 or SparkplugDataType.Int16 or SparkplugDataType.Int32:
                metric.IntValue = unchecked((uint)(int)value.AsInt64());
                break;
            case SparkplugDataType.UInt8 or SparkplugDataType.UInt16 or SparkplugDataType.UInt32:
                metric.IntValue = (uint)value.AsUInt64();
                break;
            case SparkplugDataType.Int64:
                metric.LongValue = unchecked((ulong)value.AsInt64());
                break;
            case SparkplugDataType.UInt64:
                metric.LongValue = value.AsUInt64();
                break;
            case SparkplugDataType.DateTime:
                metric.LongValue = (ulong)value.AsDateTime().ToUnixTimeMilliseconds();
                break;
            case SparkplugDataType.Float:
                metric.FloatValue = (float)value.AsDouble();
                break;
            case SparkplugDataType.Double:
                metric.DoubleValue = value.AsDouble();
                break;
            case SparkplugDataType.Boolean:
                metric.BooleanValue = value.AsBoolean();
                break;
            default:
                metric.StringValue = value.AsString();
                break;
        }

        var payload = new Payload { Timestamp = ms };
        payload.Metrics.Add(metric);
        return payload.ToByteArray();
    }
}
