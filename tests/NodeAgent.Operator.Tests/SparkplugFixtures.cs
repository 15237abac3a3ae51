using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Tests;

/// <summary>Births and data of a fake link end, encoded with the agent's own codec.</summary>
internal static class SparkplugFixtures
{
    public const string Group = "nodeagent";
    public const string Node = "sim-link-1-alice";

    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly MetricDefinition SecretRate = new("Rates/Secret bits per second", SparkplugDataType.Double) { Alias = 10 };
    public static readonly MetricDefinition Qber = new("QBER", SparkplugDataType.Double) { Alias = 11 };
    public static readonly MetricDefinition Keys = new("Keys/Stored", SparkplugDataType.Int64) { Alias = 12 };
    public static readonly MetricDefinition Accepted = new("Blocks/Accepted", SparkplugDataType.Int64) { Alias = 13 };
    public static readonly MetricDefinition Discarded = new("Blocks/Discarded", SparkplugDataType.Int64) { Alias = 14 };
    public static readonly MetricDefinition Alarm = new("Alarm", SparkplugDataType.String) { Alias = 15 };
    public static readonly MetricDefinition SecretLength = new("Estimate/Secret length", SparkplugDataType.Double) { Alias = 16 };
    public static readonly MetricDefinition PhaseError = new("Estimate/Phase error upper", SparkplugDataType.Double) { Alias = 17 };
    public static readonly MetricDefinition Role = new("Properties/Role", SparkplugDataType.String) { Alias = 1 };

    public static string Topic(string type, string? device = null) =>
        device is null ? $"spBv1.0/{Group}/{type}/{Node}" : $"spBv1.0/{Group}/{type}/{Node}/{device}";

    public static byte[] NodeBirth(byte bdSeq = 0) =>
        SparkplugPayloadCodec.EncodeNodeBirth(T0, bdSeq, [new MetricSample(Role, MetricValue.FromString("alice"), T0)]);

    public static byte[] DeviceBirth(byte seq = 1, double secretRate = 1000, double qber = 0.02) =>
        SparkplugPayloadCodec.EncodeDeviceBirth(T0, seq,
        [
            new MetricSample(SecretRate, MetricValue.FromDouble(secretRate), T0),
            new MetricSample(Qber, MetricValue.FromDouble(qber), T0),
            new MetricSample(Keys, MetricValue.FromInt64(0), T0),
            new MetricSample(Accepted, MetricValue.FromInt64(0), T0),
            new MetricSample(Discarded, MetricValue.FromInt64(0), T0),
            new MetricSample(Alarm, MetricValue.FromString(string.Empty), T0),
            new MetricSample(SecretLength, MetricValue.FromDouble(0), T0),
            new MetricSample(PhaseError, MetricValue.FromDouble(0), T0),
        ]);

    public static byte[] Data(byte seq, params (MetricDefinition Definition, MetricValue Value)[] metrics) =>
        SparkplugPayloadCodec.EncodeData(T0, seq, metrics.Select(m => new MetricSample(m.Definition, m.Value, T0)));

    public static byte[] NodeDeath(byte bdSeq) => SparkplugPayloadCodec.EncodeNodeDeath(T0, bdSeq);
}
