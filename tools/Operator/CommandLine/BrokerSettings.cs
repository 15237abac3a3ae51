using NodeAgent.Telemetry.Mqtt;

namespace NodeAgent.Operator.CommandLine;

/// <summary>Where and how to connect, and which Sparkplug group to look at. Immutable.</summary>
internal sealed record BrokerSettings
{
    /// <summary>The agent's group id (<c>Telemetry:GroupId</c>).</summary>
    public const string DefaultGroup = "nodeagent";

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 1883;

    public string Group { get; init; } = DefaultGroup;

    public bool UseTls { get; init; }

    public string? CaFile { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary><c>host:port</c> for display.</summary>
    public string Display => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>The transport settings, with a client id unique to this run (two operators may watch at once).</summary>
    public MqttTransportOptions ToTransportOptions(string clientIdPrefix) => new()
    {
        Host = Host,
        Port = Port,
        ClientId = $"{clientIdPrefix}-{Guid.NewGuid():N}",
        UseTls = UseTls,
        CaFile = CaFile,
        Username = Username,
        Password = Password,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(500),
        ReconnectMaxDelay = TimeSpan.FromSeconds(5),
    };
}
