using NodeAgent.Node.Alarms;
using NodeAgent.Node.Pipeline;
using NodeAgent.PeerLink.Messages;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Node.Hosting;

/// <summary>
/// The Sparkplug metrics of one link end — its rates, QBER, store, alarm and every output of the last block's
/// finite-key estimate — defined once, and filled from two snapshots of its statistics.
/// </summary>
internal static class LinkMetrics
{
    /// <summary>The Sparkplug device that carries the link's metrics.</summary>
    public const string Device = "link";

    private static readonly (string Name, SparkplugDataType Type, double Deadband)[] s_definitions =
    [
        ("Rates/Detections per second", SparkplugDataType.Double, 0),
        ("Rates/Sifted bits per second", SparkplugDataType.Double, 0),
        ("Rates/Secret bits per second", SparkplugDataType.Double, 0),
        ("QBER", SparkplugDataType.Double, 1e-4),
        ("Reconciliation/Efficiency", SparkplugDataType.Double, 1e-3),
        ("Keys/Stored", SparkplugDataType.Int64, 0),
        ("Keys/Secret bits", SparkplugDataType.Int64, 0),
        ("Authentication/Pads available", SparkplugDataType.Int64, 0),
        ("Blocks/Accepted", SparkplugDataType.Int64, 0),
        ("Blocks/Discarded", SparkplugDataType.Int64, 0),
        ("Blocks/Last discard reason", SparkplugDataType.String, 0),
        ("Alarm", SparkplugDataType.String, 0),
        ("Detections/Lost", SparkplugDataType.Int64, 0),
        ("Peer/Round trip ms", SparkplugDataType.Double, 0.05),
        ("Detectors/Background per pulse", SparkplugDataType.Double, 0),
        ("Estimate/Method", SparkplugDataType.String, 0),
        ("Estimate/Key detections", SparkplugDataType.Int64, 0),
        ("Estimate/Test detections", SparkplugDataType.Int64, 0),
        ("Estimate/Vacuum lower", SparkplugDataType.Double, 0),
        ("Estimate/Single photon lower", SparkplugDataType.Double, 0),
        ("Estimate/Test single photon lower", SparkplugDataType.Double, 0),
        ("Estimate/Test single photon errors upper", SparkplugDataType.Double, 0),
        ("Estimate/Phase error upper", SparkplugDataType.Double, 0),
        ("Estimate/Test QBER", SparkplugDataType.Double, 0),
        ("Estimate/Key QBER", SparkplugDataType.Double, 0),
        ("Estimate/Leaked bits", SparkplugDataType.Int64, 0),
        ("Estimate/Secret length", SparkplugDataType.Double, 0),
    ];

    /// <summary>Writable: false stops the link's distillation at the next block boundary, true starts it again (Bob's end only).</summary>
    public const string Running = "Link/Running";

    /// <summary>Writable: the QBER alarm threshold of this end (0–0.5).</summary>
    public const string QberAlarmThreshold = "Settings/QBER alarm threshold";

    /// <summary>Writable: the secret key rate target of this end, bits per second (0: no alarm).</summary>
    public const string KeyRateTarget = "Settings/Key rate target";

    /// <summary>
    /// The device's metric definitions: the link values with zero initial values, two per alarm
    /// (<c>Alarms/&lt;Name&gt;/Active</c>, <c>Alarms/&lt;Name&gt;/Message</c>), the writable settings, and
    /// <see cref="Running"/> when the end can start and stop the link.
    /// </summary>
    public static IEnumerable<(MetricDefinition Definition, MetricValue Initial)> Definitions(LinkAlarmMonitor alarms, bool canStartStop)
    {
        foreach ((string name, SparkplugDataType type, double deadband) in s_definitions)
        {
            yield return (new MetricDefinition(name, type) { Deadband = deadband }, Zero(type));
        }

        foreach (string name in LinkAlarmMonitor.Names)
        {
            yield return (new MetricDefinition(AlarmActive(name), SparkplugDataType.Boolean), MetricValue.FromBoolean(false));
            yield return (new MetricDefinition(AlarmMessage(name), SparkplugDataType.String), MetricValue.FromString(""));
        }

        yield return (new MetricDefinition(QberAlarmThreshold, SparkplugDataType.Double) { Writable = true }, MetricValue.FromDouble(alarms.QberThreshold));
        yield return (new MetricDefinition(KeyRateTarget, SparkplugDataType.Double) { Writable = true }, MetricValue.FromDouble(alarms.KeyRateTarget));
        if (canStartStop)
        {
            yield return (new MetricDefinition(Running, SparkplugDataType.Boolean) { Writable = true }, MetricValue.FromBoolean(true));
        }
    }

    /// <summary>Writes the state of every alarm and the current settings into the "link" device.</summary>
    public static void UpdateAlarms(SparkplugEdgeNode node, LinkAlarmMonitor alarms, bool? running)
    {
        foreach (Alarm alarm in alarms.Alarms)
        {
            node.Set(Device, AlarmActive(alarm.Name), MetricValue.FromBoolean(alarm.IsActive));
            node.Set(Device, AlarmMessage(alarm.Name), MetricValue.FromString(alarm.Message));
        }

        node.Set(Device, QberAlarmThreshold, MetricValue.FromDouble(alarms.QberThreshold));
        node.Set(Device, KeyRateTarget, MetricValue.FromDouble(alarms.KeyRateTarget));
        if (running is { } value)
        {
            node.Set(Device, Running, MetricValue.FromBoolean(value));
        }
    }

    private static string AlarmActive(string name) => $"Alarms/{name}/Active";

    private static string AlarmMessage(string name) => $"Alarms/{name}/Message";

    /// <summary>Writes the end's current values into the edge node's "link" device.</summary>
    public static void Update(SparkplugEdgeNode node, LinkEnd end, StatusLine.Snapshot previous, StatusLine.Snapshot current, TimeSpan elapsed)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        LinkEndStatistics s = end.Statistics;
        Set(node, "Rates/Detections per second", (current.Detections - previous.Detections) / seconds);
        Set(node, "Rates/Sifted bits per second", (current.SiftedBits - previous.SiftedBits) / seconds);
        Set(node, "Rates/Secret bits per second", (current.SecretBits - previous.SecretBits) / seconds);
        Set(node, "QBER", s.LastQber);
        Set(node, "Reconciliation/Efficiency", s.LastEfficiency);
        node.Set(Device, "Keys/Stored", MetricValue.FromInt64(current.Keys));
        node.Set(Device, "Keys/Secret bits", MetricValue.FromInt64(current.SecretBits));
        if (end.AuthenticationPadsAvailable() is { } pads)
        {
            node.Set(Device, "Authentication/Pads available", MetricValue.FromInt64(pads));
        }

        node.Set(Device, "Blocks/Accepted", MetricValue.FromInt64(current.Accepted));
        node.Set(Device, "Blocks/Discarded", MetricValue.FromInt64(current.Discarded));
        node.Set(Device, "Blocks/Last discard reason", MetricValue.FromString(s.LastDiscardReason));
        node.Set(Device, "Alarm", MetricValue.FromString(s.Alarm switch
        {
            LinkAlarm.Qber => "QBER above the limit: possible eavesdropping",
            LinkAlarm.DetectionStatistics => "detection statistics do not fit a passive channel: possible detector control",
            _ => "",
        }));
        node.Set(Device, "Detections/Lost", MetricValue.FromInt64(s.LostDetections));
        if (double.IsFinite(s.BackgroundPerPulse))
        {
            Set(node, "Detectors/Background per pulse", s.BackgroundPerPulse);
        }

        if (s.PeerLink.LastRoundTrip is { } roundTrip)
        {
            Set(node, "Peer/Round trip ms", roundTrip.TotalMilliseconds);
        }
        if (s.LastEstimate is { } e)
        {
            node.Set(Device, "Estimate/Method", MetricValue.FromString(e.Method));
            node.Set(Device, "Estimate/Key detections", MetricValue.FromInt64((long)e.KeyDetections));
            node.Set(Device, "Estimate/Test detections", MetricValue.FromInt64((long)e.TestDetections));
            Set(node, "Estimate/Vacuum lower", e.VacuumLower);
            Set(node, "Estimate/Single photon lower", e.SinglePhotonLower);
            Set(node, "Estimate/Test single photon lower", e.TestSinglePhotonLower);
            Set(node, "Estimate/Test single photon errors upper", e.TestSinglePhotonErrorsUpper);
            Set(node, "Estimate/Phase error upper", e.PhaseErrorUpper);
            Set(node, "Estimate/Test QBER", e.TestQber);
            Set(node, "Estimate/Key QBER", e.KeyQber);
            node.Set(Device, "Estimate/Leaked bits", MetricValue.FromInt64((long)e.LeakedBits));
            Set(node, "Estimate/Secret length", e.SecretLength);
        }
    }

    // NaN (nothing measured yet) is reported as 0 rather than poisoning deadband comparisons.
    private static void Set(SparkplugEdgeNode node, string name, double value) =>
        node.Set(Device, name, MetricValue.FromDouble(double.IsFinite(value) ? value : 0));

    private static MetricValue Zero(SparkplugDataType type) => type switch
    {
        SparkplugDataType.Double => MetricValue.FromDouble(0),
        SparkplugDataType.Int64 => MetricValue.FromInt64(0),
        _ => MetricValue.FromString(""),
    };
}
