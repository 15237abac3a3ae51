namespace NodeAgent.Operator.Model;

/// <summary>What the watcher knows of one device of an edge node.</summary>
internal sealed class DeviceState(string deviceId)
{
    /// <summary>The device id.</summary>
    public string DeviceId { get; } = deviceId;

    /// <summary>True after its DBIRTH (or data), false after its DDEATH or its node's NDEATH.</summary>
    public bool Online { get; set; }

    /// <summary>Whether a DBIRTH was seen since the node's last birth (so its aliases are known).</summary>
    public bool Born { get; set; }

    /// <summary>When a message for the device was last received.</summary>
    public DateTimeOffset? LastUpdate { get; set; }

    /// <summary>The device's metrics.</summary>
    public MetricSet Metrics { get; } = new();
}
