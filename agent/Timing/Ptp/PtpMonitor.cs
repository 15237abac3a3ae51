namespace NodeAgent.Timing.Ptp;

/// <summary>
/// Polls ptp4l and judges whether this host's clock is synchronised: the port must be SLAVE and the last sync recent
/// (TIME_STATUS_NP's ingress time advancing), not merely gmPresent, which ptp4l can leave true after the master is
/// gone. Raises <see cref="SyncLost"/> when a synchronised host stops being so, <see cref="SyncAcquired"/> when it
/// becomes synchronised.
/// </summary>
/// <remarks>
/// <see cref="PollAsync"/> and <see cref="RunAsync"/> are for one caller at a time; <see cref="Status"/> and the
/// counters may be read from any thread. The events run on the polling thread.
/// </remarks>
public sealed class PtpMonitor
{
    private readonly PtpManagementClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _maxSyncAge;
    private long _lastIngressNs;
    private long _lastChange;
    private bool _seenIngress;
    private volatile PtpSyncStatus _status = new(false, "not polled yet", null, null, null, null);
    private long _polls;

    /// <exception cref="ArgumentException">The options do not validate.</exception>
    public PtpMonitor(IPtpTransport transport, PtpMonitorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _client = new PtpManagementClient(transport, time, TimeSpan.FromSeconds(options.ReplyTimeoutSeconds));
        _interval = TimeSpan.FromSeconds(options.PollIntervalSeconds);
        _maxSyncAge = TimeSpan.FromSeconds(options.MaxSyncAgeSeconds);
    }

    /// <summary>Raised when the host was synchronised and no longer is ("time sync lost").</summary>
    public event Action<PtpSyncStatus>? SyncLost;

    /// <summary>Raised when the host becomes synchronised.</summary>
    public event Action<PtpSyncStatus>? SyncAcquired;

    /// <summary>The last poll's result.</summary>
    public PtpSyncStatus Status => _status;

    /// <summary>The management client (its counters: timeouts, malformed and error replies).</summary>
    public PtpManagementClient Client => _client;

    /// <summary>Polls so far.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Polls every interval until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await PollAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Asks ptp4l for port state, time status and current data set, and judges them.</summary>
    public async Task<PtpSyncStatus> PollAsync(CancellationToken cancellationToken)
    {
        PortDataSet? port = await _client.GetPortDataSetAsync(cancellationToken).ConfigureAwait(false);
        TimeStatusNp? timeStatus = await _client.GetTimeStatusAsync(cancellationToken).ConfigureAwait(false);
        CurrentDataSet? current = await _client.GetCurrentDataSetAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _polls);

        long now = _time.GetTimestamp();
        TimeSpan? age = null;
        if (timeStatus is { IngressTimeNs: not 0 } ts)
        {
            if (!_seenIngress || ts.IngressTimeNs != _lastIngressNs)
            {
                _seenIngress = true;
                _lastIngressNs = ts.IngressTimeNs;
                _lastChange = now;
            }
        }

        if (_seenIngress)
        {
            age = _time.GetElapsedTime(_lastChange, now);
        }

        string reason = port is null || timeStatus is null ? "no reply from ptp4l"
            : port.Value.PortState != PtpPortState.Slave ? $"port {port.Value.PortState}"
            : timeStatus.Value.IngressTimeNs == 0 ? "no sync received"
            : age > _maxSyncAge ? $"last sync {age.Value.TotalSeconds:F1} s ago"
            : "";
        var status = new PtpSyncStatus(reason.Length == 0, reason, port?.PortState, timeStatus, current, age);
        PtpSyncStatus previous = _status;
        _status = status;
        if (previous.Synchronised && !status.Synchronised)
        {
            SyncLost?.Invoke(status);
        }
        else if (!previous.Synchronised && status.Synchronised)
        {
            SyncAcquired?.Invoke(status);
        }

        return status;
    }
}
