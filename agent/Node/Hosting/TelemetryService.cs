using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Node.Configuration;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Node.Hosting;

/// <summary>
/// Reports each link end as a Sparkplug B edge node (<c>spBv1.0/&lt;group&gt;/…/&lt;link id&gt;-&lt;end&gt;</c>, device
/// <c>link</c>) over MQTT, starting the embedded broker first when configured. Publishing never waits on the network:
/// the transport buffers while the broker is away.
/// </summary>
public sealed partial class TelemetryService(
    NodeRuntime runtime, IOptions<TelemetryOptions> telemetry, IOptions<NodeOptions> node, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("telemetry");

    /// <summary>Where the embedded broker listens, once started (null otherwise).</summary>
    public System.Net.IPEndPoint? BrokerEndPoint { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TelemetryOptions options = telemetry.Value;
        if (!options.Enabled)
        {
            return;
        }

        await using EmbeddedBroker? broker = options.EmbeddedBroker
            ? new EmbeddedBroker(new EmbeddedBrokerOptions { Port = options.EmbeddedBrokerPort }, loggers.CreateLogger<EmbeddedBroker>())
            : null;
        if (broker is not null)
        {
            try
            {
                await broker.StartAsync(stoppingToken).ConfigureAwait(false);
                BrokerEndPoint = broker.EndPoint;
                LogBroker(broker.EndPoint);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or IOException)
            {
                LogBrokerFailed(ex, options.EmbeddedBrokerPort);
                return;
            }
        }

        Directory.CreateDirectory(options.StateDirectory);
        var ends = new List<EndReporter>();
        try
        {
            foreach (LinkEnd end in runtime.Ends)
            {
                ends.Add(EndReporter.Start(end, options, node.Value.LinkId, broker, time, loggers));
            }

            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.PublishPeriodSeconds), time);
            long last = time.GetTimestamp();
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                TimeSpan elapsed = time.GetElapsedTime(last);
                last = time.GetTimestamp();
                foreach (EndReporter end in ends)
                {
                    end.Publish(elapsed, time.GetUtcNow());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (EndReporter end in ends)
            {
                await end.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {EndPoint}")]
    private partial void LogBroker(System.Net.IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded MQTT broker could not start on port {Port}; telemetry is off (set Telemetry:EmbeddedBrokerPort or --mqtt)")]
    private partial void LogBrokerFailed(Exception exception, int port);

    /// <summary>One end's edge node and its MQTT connection.</summary>
    private sealed class EndReporter : IAsyncDisposable
    {
        private readonly LinkEnd _end;
        private readonly SparkplugEdgeNode _node;
        private readonly MqttTransport _transport;
        private StatusLine.Snapshot _previous;

        private EndReporter(LinkEnd end, SparkplugEdgeNode node, MqttTransport transport)
        {
            _end = end;
            _node = node;
            _transport = transport;
            _previous = StatusLine.Snapshot.Of(end);
        }

        public static EndReporter Start(LinkEnd end, TelemetryOptions options, string linkId, EmbeddedBroker? broker, TimeProvider time, ILoggerFactory loggers)
        {
            string edgeNodeId = $"{linkId}-{end.Name}";
            var node = new SparkplugEdgeNode(
                new SparkplugEdgeNodeOptions
                {
                    GroupId = options.GroupId,
                    EdgeNodeId = edgeNodeId,
                    PrimaryHostId = options.PrimaryHostId,
                    MinimumPublishPeriod = TimeSpan.FromSeconds(options.PublishPeriodSeconds * 0.5),
                },
                new FileBdSeqStore(Path.Combine(options.StateDirectory, $"{edgeNodeId}.bdseq")),
                time);
            string version = typeof(TelemetryService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            node.AddMetric(new MetricDefinition("Properties/Version", SparkplugDataType.String), MetricValue.FromString(version));
            node.AddMetric(new MetricDefinition("Properties/Role", SparkplugDataType.String), MetricValue.FromString(end.Name));
            node.AddDevice(LinkMetrics.Device, LinkMetrics.Definitions());

            MqttTransportOptions mqtt = broker is null ? options.Mqtt : new MqttTransportOptions { Host = "127.0.0.1", Port = broker.EndPoint.Port };
            mqtt = Clone(mqtt, $"nodeagent-{edgeNodeId}");
            var transport = new MqttTransport(mqtt, () => ToMqtt(node.CreateWill()), loggers.CreateLogger<MqttTransport>(), time);
            foreach (string filter in node.Subscriptions)
            {
                transport.Subscribe(filter);
            }

            transport.Connected += (_, _) =>
            {
                foreach (SparkplugMessage message in node.OnConnected())
                {
                    transport.PublishFirst(ToMqtt(message)!);
                }
            };
            transport.Disconnected += (_, _) => node.OnDisconnected();
            transport.MessageReceived += (topic, payload) =>
            {
                foreach (SparkplugMessage message in node.OnMessageReceived(topic, payload.Span))
                {
                    transport.Publish(ToMqtt(message)!);
                }

                if (node.IsDisconnectRequested)
                {
                    transport.RequestReconnect();
                }
            };
            transport.Start();
            return new EndReporter(end, node, transport);
        }

        public void Publish(TimeSpan elapsed, DateTimeOffset now)
        {
            StatusLine.Snapshot current = StatusLine.Snapshot.Of(_end);
            LinkMetrics.Update(_node, _end, _previous, current, elapsed);
            _previous = current;
            foreach (SparkplugMessage message in _node.Publish(now))
            {
                _transport.Publish(ToMqtt(message)!);
            }
        }

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
