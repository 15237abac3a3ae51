using System.Globalization;
using System.Reflection;
using NodeAgent.Hal.Environment;
using NodeAgent.Hal.Timing;
using NodeAgent.Node.Alarms;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Pipeline;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Node.Hosting;

public sealed partial class TelemetryService
{
    /// <summary>One end's edge node, its alarms, its commands and its MQTT connection.</summary>
    private sealed class EndReporter : IAsyncDisposable
    {
        private static readonly SparkplugRejectionReason[] s_reasons = Enum.GetValues<SparkplugRejectionReason>();

        private readonly TelemetryService _service;
        private readonly LinkEnd _end;
        private readonly string _edgeNodeId;
        private readonly SparkplugEdgeNode _node;
        private readonly LinkAlarmMonitor _alarms;
        private readonly ITemperatureSensor? _sensor;
        private readonly ITimebase _timebase;
        private readonly long _started;
        private long[] _channelsBefore = [];
        private MqttTransport _transport = null!;
        private StatusLine.Snapshot _previous;
        private string? _handlerRejection;

        private EndReporter(TelemetryService service, LinkEnd end, string edgeNodeId, SparkplugEdgeNode node, LinkAlarmMonitor alarms, ITemperatureSensor? sensor, ITimebase timebase)
        {
            _timebase = timebase;
            _started = service._time.GetTimestamp();
            _service = service;
            _end = end;
            _edgeNodeId = edgeNodeId;
            _node = node;
            _alarms = alarms;
            _sensor = sensor;
            _previous = StatusLine.Snapshot.Of(end);
        }

        public static EndReporter Start(TelemetryService service, LinkEnd end, TelemetryOptions options, EmbeddedBroker? broker)
        {
            NodeRuntime runtime = service._runtime;
            TimeProvider time = service._time;
            string edgeNodeId = $"{service._linkId}-{end.Name}";
            var node = new SparkplugEdgeNode(
                new SparkplugEdgeNodeOptions
                {
                    GroupId = options.GroupId,
                    EdgeNodeId = edgeNodeId,
                    PrimaryHostId = options.PrimaryHostId,
                    // The publish loop paces data; this only guards against two ticks in a row, down to the shortest
                    // period a command may set (0.05 s).
                    MinimumPublishPeriod = TimeSpan.FromSeconds(0.025),
                },
                new FileBdSeqStore(Path.Combine(options.StateDirectory, $"{edgeNodeId}.bdseq")),
                time);
            var alarms = new LinkAlarmMonitor(end.Name, options.Alarms, time, service._loggers.CreateLogger("alarms"));
            ITemperatureSensor sensor = end.Name == "alice" ? runtime.Link.AliceTemperature : runtime.Link.BobTemperature;
            ITimebase timebase = end.Name == "alice" ? runtime.Link.AliceTimebase : runtime.BobTimebase;
            var reporter = new EndReporter(service, end, edgeNodeId, node, alarms, sensor, timebase);

            string version = typeof(TelemetryService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            node.AddMetric(new MetricDefinition("Properties/Version", SparkplugDataType.String), MetricValue.FromString(version));
            node.AddMetric(new MetricDefinition("Properties/Role", SparkplugDataType.String), MetricValue.FromString(end.Name));
            node.AddMetric(new MetricDefinition(PublishPeriodMetric, SparkplugDataType.Double) { Writable = true }, MetricValue.FromDouble(service.PublishPeriodSeconds));
            node.AddMetric(new MetricDefinition(CommandsRejectedMetric, SparkplugDataType.Int64), MetricValue.FromInt64(0));
            node.AddMetric(new MetricDefinition(UptimeMetric, SparkplugDataType.Int64), MetricValue.FromInt64(0));
            node.AddMetric(new MetricDefinition(SyncStateMetric, SparkplugDataType.String), MetricValue.FromString(timebase.State.ToString()));
            node.AddMetric(new MetricDefinition(SyncUncertaintyMetric, SparkplugDataType.Double) { Deadband = 1 }, MetricValue.FromDouble(timebase.UncertaintyPicoseconds));
            node.AddMetric(new MetricDefinition(TemperatureMetric, SparkplugDataType.Double) { Deadband = 0.05 }, MetricValue.FromDouble(0));
            if (service._ptp is not null)
            {
                node.AddMetric(new MetricDefinition(PtpSynchronisedMetric, SparkplugDataType.Boolean), MetricValue.FromBoolean(false));
                node.AddMetric(new MetricDefinition(PtpPortStateMetric, SparkplugDataType.String), MetricValue.FromString("unknown"));
                node.AddMetric(new MetricDefinition(PtpOffsetMetric, SparkplugDataType.Double) { Deadband = 10 }, MetricValue.FromDouble(0));
                node.AddMetric(new MetricDefinition(PtpSyncAgeMetric, SparkplugDataType.Double) { Deadband = 0.5 }, MetricValue.FromDouble(0));
            }
            node.AddDevice(LinkMetrics.Device, LinkMetrics.Definitions(alarms, runtime.CanStartStop));
            node.CommandHandler = reporter.Handle;

            MqttTransportOptions mqtt = broker is null ? options.Mqtt : new MqttTransportOptions { Host = "127.0.0.1", Port = broker.EndPoint.Port };
            mqtt = Clone(mqtt, $"nodeagent-{edgeNodeId}");
            var transport = new MqttTransport(mqtt, () => ToMqtt(node.CreateWill()), Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<MqttTransport>(service._loggers), time);
            reporter._transport = transport;
            foreach (string filter in node.Subscriptions)
            {
                transport.Subscribe(filter);
            }

            transport.Connected += (_, _) =>
            {
                // Data still queued from the previous connection carries that session's seq numbers: after the new
                // NBIRTH a host would see them out of sequence. The births carry every current value instead.
                transport.ClearBuffer();
                foreach (SparkplugMessage message in node.OnConnected())
                {
                    transport.PublishFirst(ToMqtt(message)!);
                }
            };
            transport.Disconnected += (_, _) => node.OnDisconnected();
            transport.MessageReceived += reporter.OnMessageReceived;
            transport.Start();
            return reporter;
        }

        public void Publish(TimeSpan elapsed, DateTimeOffset now)
        {
            NodeRuntime runtime = _service._runtime;
            StatusLine.Snapshot current = StatusLine.Snapshot.Of(_end);
            LinkMetrics.Update(_node, _end, _previous, current, elapsed);
            _previous = current;
            int? idle = UpdateChannels(elapsed);
            _alarms.Evaluate(LinkAlarmInputs.Of(_end, _sensor, runtime.IsRunning, _timebase, idle, _service._ptp?.Problem));
            UpdateEnvironment();
            LinkMetrics.UpdateAlarms(_node, _alarms, runtime.CanStartStop ? runtime.IsRunning : null);
            _node.Set(PublishPeriodMetric, MetricValue.FromDouble(_service.PublishPeriodSeconds));
            _node.Set(CommandsRejectedMetric, MetricValue.FromInt64(_node.CommandsRejected));
            foreach (SparkplugMessage message in _node.Publish(now))
            {
                _transport.Publish(ToMqtt(message)!);
            }
        }

        /// <summary>
        /// Bob's detector channels, each a Sparkplug device <c>channel-N</c> born when first seen; returns a channel that
        /// stayed silent over the period while the others clicked (a dead or unplugged detector).
        /// </summary>
        private int? UpdateChannels(TimeSpan elapsed)
        {
            LinkEndStatistics s = _end.Statistics;
            int count = s.ChannelCount;
            if (count > _channelsBefore.Length)
            {
                long[] grown = new long[count];
                _channelsBefore.CopyTo(grown, 0);
                for (int c = _channelsBefore.Length; c < count; c++)
                {
                    grown[c] = s.ChannelDetections(c);
                    foreach (SparkplugMessage birth in _node.AddDevice(ChannelDevice(c), ChannelMetrics()))
                    {
                        _transport.Publish(ToMqtt(birth)!);
                    }
                }

                _channelsBefore = grown;
                return null;
            }

            double seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
            long busiest = 0;
            int? silent = null;
            for (int c = 0; c < count; c++)
            {
                long now = s.ChannelDetections(c);
                long delta = now - _channelsBefore[c];
                _channelsBefore[c] = now;
                busiest = Math.Max(busiest, delta);
                silent ??= delta == 0 ? c : null;
                _node.Set(ChannelDevice(c), "Detections per second", MetricValue.FromDouble(delta / seconds));
                _node.Set(ChannelDevice(c), "Detections", MetricValue.FromInt64(now));
            }

            // Silence means something only when the others saw plenty in the same period.
            return busiest >= 100 ? silent : null;
        }

        private void UpdateEnvironment()
        {
            _node.Set(UptimeMetric, MetricValue.FromInt64((long)_service._time.GetElapsedTime(_started).TotalSeconds));
            _node.Set(SyncStateMetric, MetricValue.FromString(_timebase.State.ToString()));
            _node.Set(SyncUncertaintyMetric, MetricValue.FromDouble(_timebase.UncertaintyPicoseconds));
            if (_sensor is not null && _sensor.TryReadCelsius(out double celsius))
            {
                _node.Set(TemperatureMetric, MetricValue.FromDouble(celsius));
            }

            if (_service._ptp is { } ptp)
            {
                Timing.Ptp.PtpSyncStatus? status = ptp.Status;
                _node.Set(PtpSynchronisedMetric, MetricValue.FromBoolean(ptp.Problem is null));
                _node.Set(PtpPortStateMetric, MetricValue.FromString(status?.PortState?.ToString() ?? ptp.Problem ?? "unknown"));
                if (status?.TimeStatus is { } time)
                {
                    _node.Set(PtpOffsetMetric, MetricValue.FromDouble(time.MasterOffsetNs));
                }

                if (status?.SyncAge is { } age)
                {
                    _node.Set(PtpSyncAgeMetric, MetricValue.FromDouble(age.TotalSeconds));
                }
            }
        }

        private static string ChannelDevice(int channel) => string.Create(CultureInfo.InvariantCulture, $"channel-{channel}");

        private static (MetricDefinition, MetricValue)[] ChannelMetrics() =>
        [
            (new MetricDefinition("Detections per second", SparkplugDataType.Double), MetricValue.FromDouble(0)),
            (new MetricDefinition("Detections", SparkplugDataType.Int64), MetricValue.FromInt64(0)),
        ];

        public async ValueTask DisposeAsync()
        {
            // A clean stop says goodbye with the death certificate, as a crash would through the will.
            _transport.Publish(ToMqtt(_node.CreateDeath())!);
            using var flush = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _transport.FlushAsync(flush.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await _transport.DisposeAsync().ConfigureAwait(false);
        }

        private void OnMessageReceived(string topic, ReadOnlyMemory<byte> payload)
        {
            long[] before = Array.ConvertAll(s_reasons, _node.GetCommandsRejected);
            _handlerRejection = null;
            foreach (SparkplugMessage message in _node.OnMessageReceived(topic, payload.Span))
            {
                _transport.Publish(ToMqtt(message)!);
            }

            long rejected = 0;
            var reasons = new List<string>();
            for (int i = 0; i < s_reasons.Length; i++)
            {
                long delta = _node.GetCommandsRejected(s_reasons[i]) - before[i];
                if (delta > 0)
                {
                    rejected += delta;
                    reasons.Add(s_reasons[i] == SparkplugRejectionReason.HandlerRejected && _handlerRejection is { } detail
                        ? detail
                        : $"{s_reasons[i]} x{delta}");
                }
            }

            if (rejected > 0)
            {
                _service.Instruments.CommandsRejected(_end.Name, rejected);
                _service.LogCommandsRejected(_edgeNodeId, rejected, string.Join("; ", reasons));
            }

            if (_node.IsDisconnectRequested)
            {
                _transport.RequestReconnect();
            }
        }

        /// <summary>Carries out a writable metric's command; runs under the edge node's lock, so only sets values.</summary>
        private SparkplugCommandResult Handle(SparkplugCommand command)
        {
            string name = command.Definition.Name;
            SparkplugCommandResult result = (command.DeviceId, name) switch
            {
                (null, PublishPeriodMetric) => InRange(command.Value.AsDouble(), 0.05, 3600, "s", v => _service.PublishPeriodSeconds = v),
                (LinkMetrics.Device, LinkMetrics.QberAlarmThreshold) => InRange(command.Value.AsDouble(), 0, 0.5, "", v => _alarms.QberThreshold = v),
                (LinkMetrics.Device, LinkMetrics.KeyRateTarget) => InRange(command.Value.AsDouble(), 0, double.MaxValue, "bit/s", v => _alarms.KeyRateTarget = v),
                (LinkMetrics.Device, LinkMetrics.Running) when _service._runtime.CanStartStop => SetRunning(command.Value.AsBoolean()),
                _ => SparkplugCommandResult.Reject("not a command this node carries out"),
            };
            if (result.Accepted)
            {
                _service.LogCommandAccepted(_edgeNodeId, name, command.Value.ToString());
            }
            else
            {
                _handlerRejection = $"{name}: {result.Reason}";
            }

            return result;
        }

        private SparkplugCommandResult SetRunning(bool running)
        {
            _service._runtime.SetRunning(running);
            return SparkplugCommandResult.Accept();
        }

        private static SparkplugCommandResult InRange(double value, double min, double max, string unit, Action<double> apply)
        {
            if (!(value >= min && value <= max))
            {
                string range = max == double.MaxValue ? $"at least {min}" : $"between {min} and {max}";
                return SparkplugCommandResult.Reject(string.Create(CultureInfo.InvariantCulture, $"must be {range}{(unit.Length > 0 ? " " + unit : "")}, was {value}"));
            }

            apply(value);
            return SparkplugCommandResult.Accept();
        }

        private static MqttOutgoingMessage? ToMqtt(SparkplugMessage? message) =>
            message is null ? null : new MqttOutgoingMessage(message.Topic, message.Payload, message.QualityOfService, message.Retain);

        private static MqttTransportOptions Clone(MqttTransportOptions o, string clientId) => new()
        {
            Host = o.Host,
            Port = o.Port,
            ClientId = clientId,
            UseTls = o.UseTls,
            CaFile = o.CaFile,
            ClientCertificateFile = o.ClientCertificateFile,
            ClientKeyFile = o.ClientKeyFile,
            ClientCertificatePassword = o.ClientCertificatePassword,
            CheckServerName = o.CheckServerName,
            ServerName = o.ServerName,
            Username = o.Username,
            Password = o.Password,
            KeepAlive = o.KeepAlive,
            ConnectTimeout = o.ConnectTimeout,
            ReconnectInitialDelay = o.ReconnectInitialDelay,
            ReconnectMaxDelay = o.ReconnectMaxDelay,
            OfflineBufferCapacity = o.OfflineBufferCapacity,
            MaxPayloadBytes = o.MaxPayloadBytes,
        };
    }
}
