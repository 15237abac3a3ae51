using Google.Protobuf;
using NodeAgent.Telemetry.Sparkplug;
using NodeAgent.Telemetry.Sparkplug.Protos;
using Metric = NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric;

namespace NodeAgent.Operator.Model;

/// <summary>
/// A Sparkplug B host's model of the edge nodes and devices of a group, built from what it receives: birth
/// certificates define names, aliases and datatypes; data updates values by alias; deaths take nodes and devices
/// offline. Pure: no I/O and no clock (the caller passes the time of receipt).
/// </summary>
/// <remarks>
/// <para>Rules followed (Sparkplug 3.0.0, chapters 5 and 6): one seq counter per edge node over NBIRTH (0), DBIRTH,
/// NDATA, DDATA and DDEATH, wrapping 255 → 0; a message whose seq is not the previous plus one counts as a gap. An
/// NDEATH ends the session only when its bdSeq is the one of the last NBIRTH (an older session's will, delivered
/// late, is ignored). A new NBIRTH replaces the alias table and every reading. Data metrics with an alias no birth
/// defined are counted and skipped; payloads that do not decode are counted and ignored.</para>
/// <para>Thread-safety: none; callers serialise <see cref="Apply"/> and reads (the watch command holds one lock).</para>
/// </remarks>
internal sealed class FleetView
{
    private readonly SortedDictionary<(string Group, string Node), EdgeNodeState> _nodes = new();
    private readonly string? _groupId;
    private readonly ChartSettings _charts;

    /// <summary>Creates an empty view.</summary>
    /// <param name="groupId">The only group tracked; null tracks every group.</param>
    /// <param name="charts">Which metrics get a history; <see cref="ChartSettings.Default"/> when null.</param>
    public FleetView(string? groupId = null, ChartSettings? charts = null)
    {
        _groupId = groupId;
        _charts = charts ?? ChartSettings.Default;
    }

    /// <summary>The edge nodes seen, ordered by group and id.</summary>
    public IReadOnlyCollection<EdgeNodeState> Nodes => _nodes.Values;

    /// <summary>Messages applied.</summary>
    public long Messages { get; private set; }

    /// <summary>Messages on tracked topics whose payload did not decode.</summary>
    public long GarbagePayloads { get; private set; }

    /// <summary>Messages not tracked (see <see cref="FleetApplyResult.Ignored"/>).</summary>
    public long IgnoredMessages { get; private set; }

    /// <summary>When the last message was applied.</summary>
    public DateTimeOffset? LastMessage { get; private set; }

    /// <summary>The node <paramref name="edgeNodeId"/> of <paramref name="groupId"/>, or null.</summary>
    public EdgeNodeState? GetNode(string groupId, string edgeNodeId) => _nodes.GetValueOrDefault((groupId, edgeNodeId));

    /// <summary>Applies one received MQTT message. Never throws on hostile topics or payloads.</summary>
    /// <param name="topic">The MQTT topic.</param>
    /// <param name="payload">The MQTT payload.</param>
    /// <param name="now">The time of receipt.</param>
    public FleetApplyResult Apply(string topic, ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        if (!SparkplugTopic.TryParse(topic, out SparkplugTopic? parsed)
            || parsed.MessageType is SparkplugMessageType.State or SparkplugMessageType.NCmd or SparkplugMessageType.DCmd
            || (_groupId is not null && parsed.GroupId != _groupId))
        {
            IgnoredMessages++;
            return FleetApplyResult.Ignored;
        }

        Payload decoded;
        try
        {
            decoded = Payload.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            GarbagePayloads++;
            return FleetApplyResult.Garbage;
        }

        (string group, string edgeNodeId) = (parsed.GroupId!, parsed.EdgeNodeId!);
        if (!_nodes.TryGetValue((group, edgeNodeId), out EdgeNodeState? node))
        {
            node = new EdgeNodeState(group, edgeNodeId);
            _nodes.Add((group, edgeNodeId), node);
        }

        switch (parsed.MessageType)
        {
            case SparkplugMessageType.NBirth:
                ApplyNodeBirth(node, decoded, now);
                break;
            case SparkplugMessageType.NDeath:
                ApplyNodeDeath(node, decoded);
                break;
            case SparkplugMessageType.DBirth:
                CheckSeq(node, decoded);
                ApplyDeviceBirth(node, node.GetOrAddDevice(parsed.DeviceId!), decoded, now);
                break;
            case SparkplugMessageType.DDeath:
                CheckSeq(node, decoded);
                node.GetOrAddDevice(parsed.DeviceId!).Online = false;
                break;
            case SparkplugMessageType.NData:
                CheckSeq(node, decoded);
                ApplyData(node, null, decoded, now);
                break;
            case SparkplugMessageType.DData:
                CheckSeq(node, decoded);
                DeviceState device = node.GetOrAddDevice(parsed.DeviceId!);
                device.Online = true; // it is talking, whether or not its birth was seen
                device.LastUpdate = now;
                ApplyData(node, device, decoded, now);
                break;
        }

        if (parsed.DeviceId is not null)
        {
            node.GetOrAddDevice(parsed.DeviceId).LastUpdate = now;
        }

        node.LastUpdate = now;
        LastMessage = now;
        Messages++;
        return FleetApplyResult.Applied;
    }

    private void ApplyNodeBirth(EdgeNodeState node, Payload payload, DateTimeOffset now)
    {
        node.ResetForBirth();
        node.Online = true;
        node.Born = true;
        node.Births++;
        node.BdSeq = BdSeqOf(payload);
        node.LastSeq = payload.HasSeq && payload.Seq <= byte.MaxValue ? (int)payload.Seq : 0;
        RegisterBirthMetrics(node, null, node.Metrics, payload, now);
    }

    private static void ApplyNodeDeath(EdgeNodeState node, Payload payload)
    {
        long? bdSeq = BdSeqOf(payload);
        if (node.BdSeq is long born && bdSeq is long died && born != died)
        {
            node.StaleDeaths++;
            return;
        }

        node.Online = false;
        node.Born = false; // the next session's data means nothing until its birth
        foreach (DeviceState device in node.Devices)
        {
            device.Online = false;
        }
    }

    private void ApplyDeviceBirth(EdgeNodeState node, DeviceState device, Payload payload, DateTimeOffset now)
    {
        node.RemoveDeviceAliases(device.DeviceId);
        device.Metrics.ClearReadings();
        device.Online = true;
        device.Born = true;
        RegisterBirthMetrics(node, device.DeviceId, device.Metrics, payload, now);
    }

    private void RegisterBirthMetrics(EdgeNodeState node, string? deviceId, MetricSet target, Payload payload, DateTimeOffset now)
    {
        foreach (Metric metric in payload.Metrics)
        {
            if (!metric.HasName)
            {
                continue; // a birth names every metric; one without a name cannot be shown
            }

            SparkplugDataType? type = ProtoMetrics.DataTypeOf(metric, null);
            if (metric.HasAlias)
            {
                node.RegisterAlias(metric.Alias, deviceId, metric.Name, type);
            }

            target.Set(new MetricReading(metric.Name, type, ProtoMetrics.ReadValue(metric, type), now), _charts);
        }
    }

    private void ApplyData(EdgeNodeState node, DeviceState? device, Payload payload, DateTimeOffset now)
    {
        MetricSet target = device?.Metrics ?? node.Metrics;
        foreach (Metric metric in payload.Metrics)
        {
            string name;
            SparkplugDataType? born = null;
            if (metric.HasAlias && node.TryResolveAlias(metric.Alias, out EdgeNodeState.AliasEntry entry) && entry.DeviceId == device?.DeviceId)
            {
                (name, born) = (entry.Name, entry.DataType);
            }
            else if (metric.HasName)
            {
                name = metric.Name;
            }
            else
            {
                node.UnknownAliases++;
                continue;
            }

            SparkplugDataType? type = ProtoMetrics.DataTypeOf(metric, born);
            target.Set(new MetricReading(name, type, ProtoMetrics.ReadValue(metric, type), now), _charts);
        }
    }

    /// <summary>Counts a gap when the seq is not the last plus one, modulo 256 (so 255 → 0 is no gap).</summary>
    private static void CheckSeq(EdgeNodeState node, Payload payload)
    {
        if (!payload.HasSeq)
        {
            return;
        }

        if (payload.Seq > byte.MaxValue)
        {
            node.SeqGaps++;
            node.LastSeq = null;
            return;
        }

        int seq = (int)payload.Seq;
        if (node.LastSeq is int last && (last + 1) % 256 != seq)
        {
            node.SeqGaps++;
        }

        node.LastSeq = seq;
    }

    private static long? BdSeqOf(Payload payload)
    {
        foreach (Metric metric in payload.Metrics)
        {
            if (metric.Name == SparkplugPayloadCodec.BdSeqMetricName)
            {
                return metric.ValueCase switch
                {
                    Metric.ValueOneofCase.LongValue => unchecked((long)metric.LongValue),
                    Metric.ValueOneofCase.IntValue => metric.IntValue,
                    _ => null,
                };
            }
        }

        return null;
    }
}
