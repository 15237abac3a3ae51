namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>What a command handler decided.</summary>
/// <param name="Accepted">True when the command was carried out.</param>
/// <param name="Reason">Why it was refused (empty when accepted).</param>
public readonly record struct SparkplugCommandResult(bool Accepted, string Reason)
{
    /// <summary>The command was carried out.</summary>
    public static SparkplugCommandResult Accept() => new(true, string.Empty);

    /// <summary>The command was refused for <paramref name="reason"/>.</summary>
    public static SparkplugCommandResult Reject(string reason) => new(false, reason);
}
