using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.CommandLine;

/// <summary>The <c>send</c> command: one NCMD/DCMD, then wait for the node's answer.</summary>
/// <param name="Broker">Connection and group.</param>
/// <param name="EdgeNodeId">The addressed edge node.</param>
/// <param name="DeviceId">The addressed device (DCMD); null for an NCMD.</param>
/// <param name="Metric">The metric to write; <c>Node Control/Rebirth</c> for <c>rebirth</c>.</param>
/// <param name="Value">The value as typed; parsed by the metric's datatype.</param>
/// <param name="DataType">The datatype forced with <c>--type</c>; null to use the birth's or infer.</param>
/// <param name="Timeout">How long to wait for the answer.</param>
internal sealed record SendSettings(
    BrokerSettings Broker,
    string EdgeNodeId,
    string? DeviceId,
    string Metric,
    string Value,
    SparkplugDataType? DataType,
    TimeSpan Timeout) : OperatorCommand
{
    /// <summary>Whether this is the rebirth request (answered by a new NBIRTH rather than by Last Command).</summary>
    public bool IsRebirth => DeviceId is null && Metric == SparkplugPayloadCodec.RebirthMetricName;
}
