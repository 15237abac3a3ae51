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
/// <remarks>
/// Also owns the <see cref="LinkInstruments"/> (meter <c>NodeAgent</c>), which exist whether or not MQTT telemetry is
/// enabled. Operator commands: <c>Settings/Publish period</c> (NCMD) and, on the <c>link</c> device (DCMD),
/// <c>Link/Running</c>, <c>Settings/QBER alarm threshold</c> and <c>Settings/Key rate target</c>.
/// </remarks>
public sealed partial class TelemetryService(
    NodeRuntime runtime, IOptions<TelemetryOptions> telemetry, IOptions<NodeOptions> node, TimeProvider time, ILoggerFactory loggers,
    PtpMonitorService? ptp = null) : BackgroundService
{
    /// <summary>Node metric (writable): seconds between two data messages, 0.05–3600.</summary>
    public const string PublishPeriodMetric = "Settings/Publish period";

    /// <summary>Node metric: operator commands refused since start.</summary>
    public const string CommandsRejectedMetric = "Commands/Rejected";

    /// <summary>Node metric: seconds since telemetry started.</summary>
    public const string UptimeMetric = "Uptime seconds";

    /// <summary>Node metric: the end's timebase state (Unlocked, Locked, Holdover).</summary>
    public const string SyncStateMetric = "Sync/State";

    /// <summary>Node metric: the end's timebase uncertainty in picoseconds.</summary>
    public const string SyncUncertaintyMetric = "Sync/Uncertainty ps";

    /// <summary>Node metric: the end's temperature sensor.</summary>
    public const string TemperatureMetric = "Environment/Temperature C";

    /// <summary>Node metric (with a <c>Ptp</c> section): whether ptp4l has this host synchronised (SLAVE, recent sync).</summary>
    public const string PtpSynchronisedMetric = "Sync/PTP synchronised";

    /// <summary>Node metric (with a <c>Ptp</c> section): ptp4l's port state, or why there is none.</summary>
    public const string PtpPortStateMetric = "Sync/PTP port state";

    /// <summary>Node metric (with a <c>Ptp</c> section): ptp4l's offset from the master, ns.</summary>
    public const string PtpOffsetMetric = "Sync/PTP offset ns";

    /// <summary>Node metric (with a <c>Ptp</c> section): seconds since the last sync from the master.</summary>
    public const string PtpSyncAgeMetric = "Sync/PTP last sync age s";

    private readonly ILogger _logger = loggers.CreateLogger("telemetry");
    private readonly NodeRuntime _runtime = runtime;
    private readonly TimeProvider _time = time;
    private readonly ILoggerFactory _loggers = loggers;
    private readonly PtpMonitorService? _ptp = ptp;
    private readonly string _linkId = node.Value.LinkId;
    private double _publishPeriodSeconds = telemetry.Value.PublishPeriodSeconds;

    /// <summary>The link values as <see cref="System.Diagnostics.Metrics"/> instruments.</summary>
    public LinkInstruments Instruments { get; } = new(runtime.Ends);

    /// <summary>Seconds between two data messages; starts at <c>Telemetry:PublishPeriodSeconds</c>, changed by command.</summary>
    public double PublishPeriodSeconds
    {
        get => Volatile.Read(ref _publishPeriodSeconds);
        private set => Volatile.Write(ref _publishPeriodSeconds, value);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        Instruments.Dispose();
        base.Dispose();
    }

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
            ? new EmbeddedBroker(new EmbeddedBrokerOptions { Port = options.EmbeddedBrokerPort }, _loggers.CreateLogger<EmbeddedBroker>())
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
            foreach (LinkEnd end in _runtime.Ends)
            {
                ends.Add(EndReporter.Start(this, end, options, broker));
            }

            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(PublishPeriodSeconds), _time);
            long last = _time.GetTimestamp();
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                TimeSpan period = TimeSpan.FromSeconds(PublishPeriodSeconds);
                if (timer.Period != period)
                {
                    timer.Period = period;
                }

                TimeSpan elapsed = _time.GetElapsedTime(last);
                last = _time.GetTimestamp();
                foreach (EndReporter end in ends)
                {
                    end.Publish(elapsed, _time.GetUtcNow());
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{EdgeNode}: command accepted: {Metric} = {Value}")]
    private partial void LogCommandAccepted(string edgeNode, string metric, string value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EdgeNode}: {Count} command(s) rejected: {Reasons}")]
    private partial void LogCommandsRejected(string edgeNode, long count, string reasons);
}
