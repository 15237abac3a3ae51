namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// The Sparkplug B 3.0 edge node session rules, independent of any MQTT client. The transport calls
/// <see cref="CreateWill"/> before every CONNECT (and registers the returned NDEATH as the will), subscribes to
/// <see cref="Subscriptions"/>, then calls <see cref="OnConnected"/>, feeds every received message to
/// <see cref="OnMessageReceived"/>, calls <see cref="Publish"/> periodically, and publishes every returned
/// <see cref="SparkplugMessage"/> in order. When <see cref="IsDisconnectRequested"/> turns true it disconnects and
/// reconnects (with a new will). The rules kept here:
/// <list type="bullet">
/// <item>bdSeq 0–255 advances once per connection (in <see cref="CreateWill"/>), never on rebirth, and is persisted
/// in an <see cref="IBdSeqStore"/> so it also advances across restarts; NBIRTH carries the will's bdSeq.</item>
/// <item>One seq counter per node over NBIRTH (always 0), DBIRTH, NDATA, DDATA and DDEATH, wrapping 255 → 0.</item>
/// <item>Aliases are unique across the node and its devices; births carry name and alias, data the alias only.</item>
/// <item>With a primary host configured, births wait for its online STATE, and an offline STATE (not older than the
/// last one seen) ends the session.</item>
/// <item><c>Node Control/Rebirth</c> = true re-sends NBIRTH (seq 0, same bdSeq) and every DBIRTH; other commands go
/// to <see cref="CommandHandler"/> and their outcome is published in <c>Node Control/Last Command</c> (or
/// <c>Device Control/Last Command</c>).</item>
/// </list>
/// Thread-safety: every member may be called from any thread; calls are serialised by one lock.
/// </summary>
public sealed partial class SparkplugEdgeNode
{
    /// <summary>The node metric that reports the outcome of the last NCMD (String).</summary>
    public const string NodeLastCommandMetricName = "Node Control/Last Command";

    /// <summary>The device metric that reports the outcome of the last DCMD to that device (String).</summary>
    public const string DeviceLastCommandMetricName = "Device Control/Last Command";

    private readonly Lock _gate = new();
    private readonly SparkplugEdgeNodeOptions _options;
    private readonly IBdSeqStore _store;
    private readonly TimeProvider _time;
    private readonly SparkplugPayloadCodec _codec;
    private readonly MetricScope _node = new(null);
    private readonly Dictionary<string, MetricScope> _devices = new(StringComparer.Ordinal);
    private readonly List<string> _deviceOrder = [];
    private readonly HashSet<ulong> _aliases = [];
    private ulong _nextAlias = 1;
    private byte? _bdSeq;
    private bool _willPending;
    private bool _connected;
    private bool _born;
    private bool _everBorn;
    private readonly Queue<(MetricScope Scope, List<MetricSample> Samples, DateTimeOffset Time)> _history = new();
    private long _historyDropped;
    private byte _nextSeq;
    private DateTimeOffset? _lastPublish;

    /// <summary>Creates an edge node; loads the last bdSeq from <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">An id in <paramref name="options"/> is invalid.</exception>
    public SparkplugEdgeNode(SparkplugEdgeNodeOptions options, IBdSeqStore store, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _codec = new SparkplugPayloadCodec(options.MaxPayloadBytes);
        var topics = new List<string>
        {
            SparkplugTopic.ForNode(options.GroupId, SparkplugMessageType.NCmd, options.EdgeNodeId).ToString(),
            $"{SparkplugTopic.Namespace}/{options.GroupId}/DCMD/{options.EdgeNodeId}/+",
        };
        if (options.PrimaryHostId is not null)
        {
            topics.Add(SparkplugTopic.ForState(options.PrimaryHostId).ToString());
        }

        Subscriptions = topics;
        AddToScope(_node, new MetricDefinition(NodeLastCommandMetricName, SparkplugDataType.String), MetricValue.FromString(string.Empty));
    }

    /// <summary>The topic filters the transport must subscribe to (at QoS 1) before <see cref="OnConnected"/>.</summary>
    public IReadOnlyList<string> Subscriptions { get; }

    /// <summary>Carries out validated commands other than rebirth; null rejects them all.</summary>
    public SparkplugCommandHandler? CommandHandler { get; set; }

    /// <summary>The bdSeq of the current (or next) connection; null before the first <see cref="CreateWill"/>.</summary>
    public byte? BdSeq { get { lock (_gate) { return _bdSeq; } } }

    /// <summary>Whether the NBIRTH of the current connection has been produced (data may flow).</summary>
    public bool IsBorn { get { lock (_gate) { return _born; } } }

    /// <summary>Whether the node wants the transport to disconnect (and reconnect with a new will).</summary>
    public bool IsDisconnectRequested { get { lock (_gate) { return _disconnectRequested; } } }

    /// <summary>
    /// Adds an edge node metric and returns its definition with the alias assigned (or checked, when given).
    /// Node metrics must all be added before the first birth (an NBIRTH lists every metric the node will report).
    /// </summary>
    /// <exception cref="InvalidOperationException">The node has already been born.</exception>
    /// <exception cref="ArgumentException">Duplicate name or alias, or the value's datatype is not the metric's.</exception>
    public MetricDefinition AddMetric(MetricDefinition definition, MetricValue initial)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_gate)
        {
            if (_born)
            {
                throw new InvalidOperationException("Node metrics must be added before the NBIRTH.");
            }

            return AddToScope(_node, definition, initial);
        }
    }

    /// <summary>
    /// Adds a device with its metrics (aliases assigned as for <see cref="AddMetric"/>, plus
    /// <c>Device Control/Last Command</c>); returns its DBIRTH when the node is born, else nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid or duplicate device id, duplicate metric name or alias, or a type mismatch.</exception>
    public IReadOnlyList<SparkplugMessage> AddDevice(string deviceId, IEnumerable<(MetricDefinition Definition, MetricValue Initial)> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!SparkplugTopic.IsValidId(deviceId))
        {
            throw new ArgumentException("Invalid Sparkplug device id.", nameof(deviceId));
        }

        lock (_gate)
        {
            if (_devices.ContainsKey(deviceId))
            {
                throw new ArgumentException($"Device '{deviceId}' already exists.", nameof(deviceId));
            }

            var scope = new MetricScope(deviceId);
            var added = new List<ulong>();
            try
            {
                foreach ((MetricDefinition definition, MetricValue initial) in metrics)
                {
                    added.Add(AddToScope(scope, definition, initial).Alias!.Value);
                }

                AddToScope(scope, new MetricDefinition(DeviceLastCommandMetricName, SparkplugDataType.String), MetricValue.FromString(string.Empty));
            }
            catch
            {
                _aliases.ExceptWith(added);
                throw;
            }

            _devices.Add(deviceId, scope);
            _deviceOrder.Add(deviceId);
            return _born ? [DeviceBirth(scope)] : [];
        }
    }

    /// <summary>Removes a device; returns its DDEATH when the node is born, else nothing. Unknown ids return nothing.</summary>
    public IReadOnlyList<SparkplugMessage> RemoveDevice(string deviceId)
    {
        lock (_gate)
        {
            if (!_devices.Remove(deviceId, out MetricScope? scope))
            {
                return [];
            }

            _deviceOrder.Remove(deviceId);
            foreach (MetricState state in scope.Metrics)
            {
                _aliases.Remove(state.Definition.Alias!.Value);
            }

            if (!_born)
            {
                return [];
            }

            byte seq = NextSeq();
            return [Message(DeviceTopic(SparkplugMessageType.DDeath, deviceId), SparkplugPayloadCodec.EncodeDeviceDeath(_time.GetUtcNow(), seq))];
        }
    }

    /// <summary>The metric definitions (with aliases) of the node (<paramref name="deviceId"/> null) or of a device.</summary>
    /// <exception cref="KeyNotFoundException">No such device.</exception>
    public IReadOnlyList<MetricDefinition> GetDefinitions(string? deviceId = null)
    {
        lock (_gate)
        {
            return [.. Scope(deviceId).Metrics.Select(m => m.Definition)];
        }
    }

    /// <summary>Sets the current value of a node metric; it is reported by the next <see cref="Publish"/> if it moved beyond its deadband.</summary>
    /// <exception cref="KeyNotFoundException">No such metric.</exception>
    /// <exception cref="ArgumentException">The value's datatype is not the metric's.</exception>
    public void Set(string name, MetricValue value) => SetCore(null, name, value);

    /// <summary>Sets the current value of a device metric (see <see cref="Set(string, MetricValue)"/>).</summary>
    /// <exception cref="KeyNotFoundException">No such device or metric.</exception>
    /// <exception cref="ArgumentException">The value's datatype is not the metric's.</exception>
    public void Set(string deviceId, string name, MetricValue value)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        SetCore(deviceId, name, value);
    }

    /// <summary>
    /// Advances bdSeq (0 on the very first connection ever, then +1 mod 256), persists it, and returns the NDEATH to
    /// register as the will of the coming CONNECT: QoS 1, not retained (Sparkplug 3.0.0 ch. 6, NDEATH).
    /// </summary>
    public SparkplugMessage CreateWill()
    {
        lock (_gate)
        {
            byte next = _bdSeq is byte current ? unchecked((byte)(current + 1))
                : _store.TryLoad(out byte last) ? unchecked((byte)(last + 1)) : (byte)0;
            _store.Save(next);
            _bdSeq = next;
            _willPending = true;
            return Death();
        }
    }

    /// <summary>
    /// The NDEATH of the current connection, to publish before an intentional disconnect (the spec's SHOULD); the
    /// node stops producing data until the next connection.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="CreateWill"/> was never called.</exception>
    public SparkplugMessage CreateDeath()
    {
        lock (_gate)
        {
            _born = false;
            return Death();
        }
    }

    /// <summary>
    /// The transport connected (with the will of the last <see cref="CreateWill"/>) and subscribed. Returns NBIRTH and
    /// every DBIRTH, or nothing while waiting for the primary host's online STATE.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="CreateWill"/> was not called before this connection.</exception>
    public IReadOnlyList<SparkplugMessage> OnConnected()
    {
        lock (_gate)
        {
            if (!_willPending)
            {
                throw new InvalidOperationException("Call CreateWill() before every MQTT CONNECT.");
            }

            _willPending = false;
            _connected = true;
            _born = false;
            _disconnectRequested = false;
            _hostOnline = false;
            return _options.PrimaryHostId is null ? Births() : [];
        }
    }

    /// <summary>The connection ended (for any reason); nothing more is produced until the next <see cref="OnConnected"/>.</summary>
    public void OnDisconnected()
    {
        lock (_gate)
        {
            _connected = false;
            _born = false;
        }
    }

    /// <summary>
    /// Re-sends the birth sequence: NBIRTH (seq 0, same bdSeq) and every DBIRTH. Nothing while not connected or
    /// while waiting for the primary host.
    /// </summary>
    public IReadOnlyList<SparkplugMessage> Rebirth()
    {
        lock (_gate)
        {
            return _connected && (_options.PrimaryHostId is null || _hostOnline) ? Births() : [];
        }
    }

    /// <summary>
    /// NDATA and DDATA for the metrics that changed beyond their deadband since last reported, at most once per
    /// <see cref="SparkplugEdgeNodeOptions.MinimumPublishPeriod"/>; nothing before the birth or when nothing changed.
    /// </summary>
    public IReadOnlyList<SparkplugMessage> Publish(DateTimeOffset now)
    {
        lock (_gate)
        {
            bool recording = !_born && _everBorn && _options.HistoryCapacity > 0;
            if ((!_born && !recording) || (_lastPublish is DateTimeOffset last && now - last < _options.MinimumPublishPeriod))
            {
                return [];
            }

            _lastPublish = now;
            var messages = new List<SparkplugMessage>();
            AddData(messages, _node, now, recording);
            foreach (string deviceId in _deviceOrder)
            {
                AddData(messages, _devices[deviceId], now, recording);
            }

            return messages;
        }
    }

    private void AddData(List<SparkplugMessage> messages, MetricScope scope, DateTimeOffset now, bool recording)
    {
        var changed = new List<MetricSample>();
        foreach (MetricState state in scope.Metrics)
        {
            if (state.HasChanged())
            {
                state.LastReported = state.Current;
                changed.Add(new MetricSample(state.Definition, state.Current, now, IsHistorical: recording));
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        if (!recording)
        {
            messages.Add(DataMessage(scope, changed, now));
            return;
        }

        // Offline: keep it for after the next birth, which numbers it in the new session.
        if (_history.Count == _options.HistoryCapacity)
        {
            _history.Dequeue();
            _historyDropped++;
        }

        _history.Enqueue((scope, changed, now));
    }

    /// <summary>Data messages recorded offline and dropped because the history was full.</summary>
    public long HistoryDropped { get { lock (_gate) { return _historyDropped; } } }

    private SparkplugMessage DataMessage(MetricScope scope, List<MetricSample> samples, DateTimeOffset now)
    {
        byte seq = NextSeq();
        byte[] payload = SparkplugPayloadCodec.EncodeData(now, seq, samples);
        return scope.DeviceId is null
            ? Message(NodeTopic(SparkplugMessageType.NData), payload)
            : Message(DeviceTopic(SparkplugMessageType.DData, scope.DeviceId), payload);
    }

    private List<SparkplugMessage> Births()
    {
        if (_bdSeq is not byte bdSeq)
        {
            throw new InvalidOperationException("Call CreateWill() before every MQTT CONNECT.");
        }

        DateTimeOffset now = _time.GetUtcNow();
        _nextSeq = 1;
        var messages = new List<SparkplugMessage>
        {
            Message(NodeTopic(SparkplugMessageType.NBirth), SparkplugPayloadCodec.EncodeNodeBirth(now, bdSeq, _node.Snapshot(now))),
        };
        foreach (string deviceId in _deviceOrder)
        {
            messages.Add(DeviceBirth(_devices[deviceId]));
        }

        _born = true;
        _everBorn = true;

        // What happened while offline follows the births, oldest first, as historical metrics with this session's
        // seq numbers. Devices removed meanwhile lose theirs.
        while (_history.TryDequeue(out (MetricScope Scope, List<MetricSample> Samples, DateTimeOffset Time) recorded))
        {
            if (recorded.Scope.DeviceId is null || _devices.ContainsKey(recorded.Scope.DeviceId))
            {
                messages.Add(DataMessage(recorded.Scope, recorded.Samples, recorded.Time));
            }
        }

        return messages;
    }

    private SparkplugMessage DeviceBirth(MetricScope scope)
    {
        DateTimeOffset now = _time.GetUtcNow();
        byte seq = NextSeq();
        return Message(DeviceTopic(SparkplugMessageType.DBirth, scope.DeviceId!), SparkplugPayloadCodec.EncodeDeviceBirth(now, seq, scope.Snapshot(now)));
    }

    private SparkplugMessage Death()
    {
        if (_bdSeq is not byte bdSeq)
        {
            throw new InvalidOperationException("No bdSeq yet: call CreateWill() first.");
        }

        return new SparkplugMessage(NodeTopic(SparkplugMessageType.NDeath), SparkplugPayloadCodec.EncodeNodeDeath(_time.GetUtcNow(), bdSeq), 1, false);
    }

    private byte NextSeq()
    {
        byte seq = _nextSeq;
        _nextSeq = unchecked((byte)(seq + 1));
        return seq;
    }

    private void SetCore(string? deviceId, string name, MetricValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            MetricState state = Scope(deviceId).Find(name) ?? throw new KeyNotFoundException($"No metric '{name}'.");
            if (value.DataType != state.Definition.DataType)
            {
                throw new ArgumentException($"Metric '{name}' is {state.Definition.DataType}, the value is {value.DataType}.", nameof(value));
            }

            state.Current = value;
        }
    }

    private MetricScope Scope(string? deviceId) =>
        deviceId is null ? _node
        : _devices.TryGetValue(deviceId, out MetricScope? scope) ? scope
        : throw new KeyNotFoundException($"No device '{deviceId}'.");

    private MetricDefinition AddToScope(MetricScope scope, MetricDefinition definition, MetricValue initial)
    {
        if (initial.DataType != definition.DataType)
        {
            throw new ArgumentException($"Metric '{definition.Name}' is {definition.DataType}, the initial value is {initial.DataType}.", nameof(initial));
        }

        if (scope.Find(definition.Name) is not null || (scope.DeviceId is null && definition.Name is SparkplugPayloadCodec.BdSeqMetricName or SparkplugPayloadCodec.RebirthMetricName))
        {
            throw new ArgumentException($"Metric '{definition.Name}' already exists.", nameof(definition));
        }

        ulong alias;
        if (definition.Alias is ulong requested)
        {
            if (_aliases.Contains(requested))
            {
                throw new ArgumentException($"Alias {requested} is already used on this edge node.", nameof(definition));
            }

            alias = requested;
        }
        else
        {
            while (_aliases.Contains(_nextAlias))
            {
                _nextAlias++;
            }

            alias = _nextAlias++;
        }

        _aliases.Add(alias);
        MetricDefinition withAlias = definition with { Alias = alias };
        scope.Add(new MetricState(withAlias, initial));
        return withAlias;
    }

    private string NodeTopic(SparkplugMessageType type) => SparkplugTopic.ForNode(_options.GroupId, type, _options.EdgeNodeId).ToString();

    private string DeviceTopic(SparkplugMessageType type, string deviceId) =>
        SparkplugTopic.ForDevice(_options.GroupId, type, _options.EdgeNodeId, deviceId).ToString();

    private static SparkplugMessage Message(string topic, byte[] payload) => new(topic, payload, 0, false);
}
