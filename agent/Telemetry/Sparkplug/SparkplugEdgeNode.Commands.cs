namespace NodeAgent.Telemetry.Sparkplug;

public sealed partial class SparkplugEdgeNode
{
    private readonly long[] _rejectedByReason = new long[Enum.GetValues<SparkplugRejectionReason>().Length];
    private long _accepted;
    private long _staleStates;
    private bool _disconnectRequested;
    private bool _hostOnline;
    private long? _lastStateTimestamp;

    /// <summary>Whether the primary host was last seen online on this connection (always false without one configured).</summary>
    public bool IsHostOnline { get { lock (_gate) { return _hostOnline; } } }

    /// <summary>Commands carried out (rebirth requests included).</summary>
    public long CommandsAccepted { get { lock (_gate) { return _accepted; } } }

    /// <summary>Commands refused for any reason (a malformed or oversized payload counts once).</summary>
    public long CommandsRejected { get { lock (_gate) { return _rejectedByReason.Sum(); } } }

    /// <summary>STATE messages ignored because they were older than the last one seen.</summary>
    public long StaleStateMessages { get { lock (_gate) { return _staleStates; } } }

    /// <summary>Commands refused for <paramref name="reason"/>.</summary>
    public long GetCommandsRejected(SparkplugRejectionReason reason)
    {
        lock (_gate)
        {
            return _rejectedByReason[(int)reason];
        }
    }

    /// <summary>
    /// Handles a received MQTT message: the primary host's STATE, NCMD to this node, DCMD to its devices. Other
    /// topics are ignored. Returns what to publish in reply (births, the NDEATH before a requested disconnect, or the
    /// NDATA/DDATA reporting a command's outcome). Never throws on hostile payloads.
    /// </summary>
    public IReadOnlyList<SparkplugMessage> OnMessageReceived(string topic, ReadOnlySpan<byte> payload)
    {
        if (!SparkplugTopic.TryParse(topic, out SparkplugTopic? parsed))
        {
            return [];
        }

        lock (_gate)
        {
            if (parsed.MessageType == SparkplugMessageType.State)
            {
                return parsed.HostId == _options.PrimaryHostId ? OnState(payload) : [];
            }

            if (parsed.GroupId != _options.GroupId || parsed.EdgeNodeId != _options.EdgeNodeId)
            {
                return [];
            }

            return parsed.MessageType switch
            {
                SparkplugMessageType.NCmd => OnCommand(null, payload),
                SparkplugMessageType.DCmd => OnCommand(parsed.DeviceId, payload),
                _ => [],
            };
        }
    }

    /// <summary>
    /// STATE (Sparkplug 3.0.0 ch. 5): messages older than the last seen are ignored; online=true releases the birth
    /// sequence; online=false after the birth publishes the NDEATH and asks the transport to disconnect.
    /// </summary>
    private IReadOnlyList<SparkplugMessage> OnState(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _options.MaxPayloadBytes || !SparkplugHostState.TryParse(payload, out SparkplugHostState state))
        {
            return [];
        }

        if (state.Timestamp < _lastStateTimestamp)
        {
            _staleStates++;
            return [];
        }

        _lastStateTimestamp = state.Timestamp;
        if (state.Online)
        {
            bool wasOnline = _hostOnline;
            _hostOnline = true;
            return _connected && !wasOnline && !_born && !_disconnectRequested ? Births() : [];
        }

        // Before the birth there is no session to end: keep waiting for online rather than reconnect in a loop on a
        // retained offline STATE.
        _hostOnline = false;
        if (!_connected || !_born || _disconnectRequested)
        {
            return [];
        }

        _disconnectRequested = true;
        _born = false;
        return [Death()];
    }

    private IReadOnlyList<SparkplugMessage> OnCommand(string? deviceId, ReadOnlySpan<byte> payload)
    {
        MetricScope? scope = deviceId is null ? _node : _devices.GetValueOrDefault(deviceId);
        if (scope is null)
        {
            _rejectedByReason[(int)SparkplugRejectionReason.UnknownMetric]++;
            return ReportOutcome(_node, $"rejected device {deviceId}: UnknownMetric (no such device)");
        }

        List<MetricDefinition> known = [.. scope.Metrics.Select(m => m.Definition)];
        if (deviceId is null)
        {
            known.Add(SparkplugPayloadCodec.RebirthDefinition);
        }

        SparkplugCommandBatch batch = _codec.DecodeCommand(payload, known, deviceId);
        var outcomes = new List<string>();
        var messages = new List<SparkplugMessage>();
        bool rebirth = false;
        foreach (SparkplugCommandRejection rejection in batch.Rejections)
        {
            _rejectedByReason[(int)rejection.Reason]++;
            outcomes.Add(rejection.ToString());
        }

        foreach (SparkplugCommand command in batch.Commands)
        {
            if (deviceId is null && command.Definition.Name == SparkplugPayloadCodec.RebirthMetricName)
            {
                _accepted++;
                rebirth |= command.Value.AsBoolean();
                continue;
            }

            SparkplugCommandResult result = CommandHandler is { } handler
                ? handler(command)
                : SparkplugCommandResult.Reject("no command handler");
            if (result.Accepted)
            {
                _accepted++;
                scope.Find(command.Definition.Name)!.Current = command.Value;
                outcomes.Add($"accepted {command.Definition.Name} = {command.Value}");
            }
            else
            {
                SparkplugRejectionReason reason = CommandHandler is null ? SparkplugRejectionReason.NoHandler : SparkplugRejectionReason.HandlerRejected;
                _rejectedByReason[(int)reason]++;
                outcomes.Add(new SparkplugCommandRejection(command.Definition.Name, reason, result.Reason).ToString());
            }
        }

        if (rebirth)
        {
            messages.AddRange(Rebirth());
        }

        if (outcomes.Count > 0)
        {
            messages.AddRange(ReportOutcome(scope, string.Join("; ", outcomes)));
        }

        return messages;
    }

    /// <summary>Sets the scope's Last Command metric and, once born, publishes it at once (NDATA or DDATA).</summary>
    private IReadOnlyList<SparkplugMessage> ReportOutcome(MetricScope scope, string outcome)
    {
        string name = scope.DeviceId is null ? NodeLastCommandMetricName : DeviceLastCommandMetricName;
        MetricState state = scope.Find(name)!;
        state.Current = MetricValue.FromString(outcome);
        if (!_born)
        {
            return [];
        }

        DateTimeOffset now = _time.GetUtcNow();
        state.LastReported = state.Current;
        return [DataMessage(scope, [new MetricSample(state.Definition, state.Current, now)], now)];
    }
}
