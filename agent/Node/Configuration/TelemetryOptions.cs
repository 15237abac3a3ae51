using NodeAgent.Node.Alarms;
using NodeAgent.Telemetry.Mqtt;

namespace NodeAgent.Node.Configuration;

/// <summary>Reporting over MQTT as a Sparkplug B edge node (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>Publish telemetry at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Start the embedded broker on <see cref="EmbeddedBrokerPort"/> (loopback) and report to it, so the default run
    /// needs nothing installed; false reports to the broker in <see cref="Mqtt"/> (<c>--mqtt host:port</c>).
    /// </summary>
    public bool EmbeddedBroker { get; set; } = true;

    /// <summary>Port of the embedded broker (1883 is MQTT's conventional port).</summary>
    public int EmbeddedBrokerPort { get; set; } = 1883;

    /// <summary>The external broker and how to reach it (ignored with the embedded broker).</summary>
    public MqttTransportOptions Mqtt { get; set; } = new();

    /// <summary>Sparkplug group of this node.</summary>
    public string GroupId { get; set; } = "nodeagent";

    /// <summary>Sparkplug primary host application to wait for (STATE), or null.</summary>
    public string? PrimaryHostId { get; set; }

    /// <summary>Shortest interval between two data messages, in seconds.</summary>
    public double PublishPeriodSeconds { get; set; } = 1;

    /// <summary>Folder of the persisted Sparkplug bdSeq of each end (created if missing).</summary>
    public string StateDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "nodeagent");

    /// <summary>Thresholds of the link alarms (<c>Telemetry:Alarms</c>).</summary>
    public AlarmOptions Alarms { get; set; } = new();
}
