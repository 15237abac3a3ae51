namespace NodeAgent.Timing.Ptp;

/// <summary>Settings of the ptp4l monitor (configuration section <see cref="SectionName"/>).</summary>
public sealed class PtpMonitorOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "Ptp";

    /// <summary>ptp4l's management socket (its <c>uds_address</c>).</summary>
    public string UdsAddress { get; set; } = "/var/run/ptp4l";

    /// <summary>Path this client binds; empty means /tmp/nodeagent-ptp-&lt;pid&gt;.sock.</summary>
    public string ClientAddress { get; set; } = "";

    /// <summary>Seconds between polls.</summary>
    public double PollIntervalSeconds { get; set; } = 1;

    /// <summary>Seconds to wait for each reply.</summary>
    public double ReplyTimeoutSeconds { get; set; } = 0.5;

    /// <summary>Sync is lost when the last sync's ingress time has not advanced for this many seconds.</summary>
    public double MaxSyncAgeSeconds { get; set; } = 3;

    /// <summary>The client path in effect.</summary>
    public string EffectiveClientAddress => string.IsNullOrEmpty(ClientAddress)
        ? Path.Combine(Path.GetTempPath(), $"nodeagent-ptp-{Environment.ProcessId}.sock")
        : ClientAddress;

    /// <summary>Problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(UdsAddress))
        {
            problems.Add($"{SectionName}:UdsAddress must name ptp4l's management socket.");
        }

        if (!(PollIntervalSeconds is >= 0.05 and <= 3600))
        {
            problems.Add($"{SectionName}:PollIntervalSeconds must be in [0.05, 3600] (got {PollIntervalSeconds}).");
        }

        if (!(ReplyTimeoutSeconds is > 0 and <= 60))
        {
            problems.Add($"{SectionName}:ReplyTimeoutSeconds must be in (0, 60] (got {ReplyTimeoutSeconds}).");
        }

        if (!(MaxSyncAgeSeconds > 0) || MaxSyncAgeSeconds < PollIntervalSeconds)
        {
            problems.Add($"{SectionName}:MaxSyncAgeSeconds must be positive and at least PollIntervalSeconds (got {MaxSyncAgeSeconds}).");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if any.</summary>
    public void ThrowIfInvalid(string? paramName = null)
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), paramName);
        }
    }
}
