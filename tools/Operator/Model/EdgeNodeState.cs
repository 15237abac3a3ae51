using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Model;

/// <summary>What the watcher knows of one edge node: session state, counters, alias table, metrics and devices.</summary>
internal sealed class EdgeNodeState(string groupId, string edgeNodeId)
{
    private readonly Dictionary<ulong, AliasEntry> _aliases = [];
    private readonly SortedDictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);

    public string GroupId { get; } = groupId;

    public string EdgeNodeId { get; } = edgeNodeId;

    /// <summary>True after NBIRTH, false after an NDEATH of the same session (bdSeq).</summary>
    public bool Online { get; set; }

    /// <summary>Whether an NBIRTH was seen (so the alias table is complete).</summary>
    public bool Born { get; set; }

    /// <summary>The bdSeq of the last NBIRTH.</summary>
    public long? BdSeq { get; set; }

    /// <summary>The seq of the last message that carried one (NBIRTH, DBIRTH, NDATA, DDATA, DDEATH).</summary>
    public int? LastSeq { get; set; }

    /// <summary>Messages whose seq was not the previous one plus one (mod 256).</summary>
    public long SeqGaps { get; set; }

    /// <summary>Data metrics whose alias was not in any birth seen.</summary>
    public long UnknownAliases { get; set; }

    /// <summary>Births received (the first plus every rebirth).</summary>
    public long Births { get; set; }

    /// <summary>NDEATHs ignored because their bdSeq belonged to an older session.</summary>
    public long StaleDeaths { get; set; }

    /// <summary>When a message for the node (or any of its devices) was last received.</summary>
    public DateTimeOffset? LastUpdate { get; set; }

    /// <summary>The node's own metrics.</summary>
    public MetricSet Metrics { get; } = new();

    /// <summary>The devices, ordered by id.</summary>
    public IReadOnlyCollection<DeviceState> Devices => _devices.Values;

    /// <summary>The device <paramref name="deviceId"/>, or null.</summary>
    public DeviceState? GetDevice(string deviceId) => _devices.GetValueOrDefault(deviceId);

    internal DeviceState GetOrAddDevice(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out DeviceState? device))
        {
            device = new DeviceState(deviceId);
            _devices.Add(deviceId, device);
        }

        return device;
    }

    /// <summary>Aliases are unique across the node and all its devices (Sparkplug 3.0.0, "Aliases").</summary>
    internal void RegisterAlias(ulong alias, string? deviceId, string name, SparkplugDataType? dataType) =>
        _aliases[alias] = new AliasEntry(deviceId, name, dataType);

    internal bool TryResolveAlias(ulong alias, out AliasEntry entry) => _aliases.TryGetValue(alias, out entry);

    /// <summary>A new NBIRTH starts a new session: aliases, readings and devices' births are forgotten (charts stay).</summary>
    internal void ResetForBirth()
    {
        _aliases.Clear();
        Metrics.ClearReadings();
        foreach (DeviceState device in _devices.Values)
        {
            device.Metrics.ClearReadings();
            device.Born = false;
            device.Online = false;
        }
    }

    /// <summary>Forgets the aliases of one device before its rebirth.</summary>
    internal void RemoveDeviceAliases(string deviceId)
    {
        foreach (ulong alias in _aliases.Where(a => a.Value.DeviceId == deviceId).Select(a => a.Key).ToList())
        {
            _aliases.Remove(alias);
        }
    }

    internal readonly record struct AliasEntry(string? DeviceId, string Name, SparkplugDataType? DataType);
}
