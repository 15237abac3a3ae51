using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Timing.Ptp;

namespace NodeAgent.Node.Hosting;

/// <summary>
/// Runs the ptp4l monitor (<see cref="PtpMonitor"/>) for the host's lifetime when a <c>Ptp</c> section is configured:
/// polls ptp4l's management socket, logs sync lost (Warning) and acquired (Information), and offers the last status
/// to telemetry, whose time sync alarm is raised while the host is not synchronised.
/// </summary>
/// <remarks><see cref="Status"/> and <see cref="Problem"/> may be read from any thread.</remarks>
public sealed partial class PtpMonitorService(IOptions<PtpMonitorOptions> options, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("ptp");
    private volatile PtpMonitor? _monitor;
    private volatile string? _failure;

    /// <summary>The last poll's status (null before the monitor runs).</summary>
    public PtpSyncStatus? Status => _monitor?.Status;

    /// <summary>Why the host is not synchronised to PTP, for the time sync alarm; null when it is.</summary>
    public string? Problem => _failure is { } failure ? failure
        : Status is { Synchronised: true } ? null
        : Status?.Reason ?? "monitor starting";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        PtpMonitorOptions settings = options.Value;
        UnixDatagramTransport transport;
        try
        {
            transport = new UnixDatagramTransport(settings.UdsAddress, settings.EffectiveClientAddress);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            _failure = $"monitor not running: cannot bind {settings.EffectiveClientAddress} ({ex.Message})";
            LogNoSocket(ex, settings.EffectiveClientAddress);
            return;
        }

        using (transport)
        {
            var monitor = new PtpMonitor(transport, settings, time);
            monitor.SyncLost += status => LogSyncLost(status.ToString());
            monitor.SyncAcquired += status => LogSyncAcquired(status.ToString());
            _monitor = monitor;
            LogStarted(settings.UdsAddress);
            await monitor.RunAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitoring ptp4l at {UdsAddress}")]
    private partial void LogStarted(string udsAddress);

    [LoggerMessage(Level = LogLevel.Error, Message = "PTP monitor not started: cannot bind its socket {Path}")]
    private partial void LogNoSocket(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PTP sync lost: {Status}")]
    private partial void LogSyncLost(string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "PTP sync acquired: {Status}")]
    private partial void LogSyncAcquired(string status);
}
