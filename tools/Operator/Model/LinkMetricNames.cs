namespace NodeAgent.Operator.Model;

/// <summary>
/// The names of the metrics the agent publishes on its <c>link</c> device (agent/Node/Hosting/LinkMetrics.cs) that
/// the fleet view shows. Kept as strings here: the operator tool talks to the agent over the wire only.
/// </summary>
internal static class LinkMetricNames
{
    public const string DetectionRate = "Rates/Detections per second";
    public const string SiftedRate = "Rates/Sifted bits per second";
    public const string SecretRate = "Rates/Secret bits per second";
    public const string Qber = "QBER";
    public const string KeysStored = "Keys/Stored";
    public const string BlocksAccepted = "Blocks/Accepted";
    public const string BlocksDiscarded = "Blocks/Discarded";
    public const string LastDiscardReason = "Blocks/Last discard reason";
    public const string Alarm = "Alarm";
    public const string EstimateMethod = "Estimate/Method";
    public const string EstimateSecretLength = "Estimate/Secret length";
    public const string EstimatePhaseError = "Estimate/Phase error upper";
    public const string NodeLastCommand = "Node Control/Last Command";
    public const string DeviceLastCommand = "Device Control/Last Command";
    public const string Role = "Properties/Role";
}
