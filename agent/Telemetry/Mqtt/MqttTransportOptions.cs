namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// Settings of the MQTT connection of the agent's telemetry (section <c>Telemetry:Mqtt</c>). Call
/// <see cref="Validate"/> before use; <see cref="MqttTransport"/> refuses options that do not validate.
/// </summary>
public sealed class MqttTransportOptions
{
    /// <summary>Broker host name or address. Default <c>127.0.0.1</c> (the embedded broker of the zero-setup run).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker TCP port. Default 1883 (8883 is the usual port with TLS).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>MQTT client identifier; unique per broker. A second connection with the same id takes the session over.</summary>
    public string ClientId { get; set; } = "nodeagent";

    /// <summary>Whether to connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>PEM file of the CA certificate(s) the broker's certificate must chain to. When empty the system trust
    /// store is used.</summary>
    public string? CaFile { get; set; }

    /// <summary>Client certificate for mutual TLS: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>) or, with
    /// <see cref="ClientKeyFile"/>, a PEM certificate file.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of the client certificate; empty when <see cref="ClientCertificateFile"/> is PKCS#12.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Password of the PKCS#12 client certificate, or of an encrypted PEM key.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>Whether the broker's certificate must name the host connected to (or <see cref="ServerName"/>). Default
    /// on; turning it off still checks the chain.</summary>
    public bool CheckServerName { get; set; } = true;

    /// <summary>Name the broker's certificate must carry when it differs from <see cref="Host"/> (for example when
    /// connecting by address). Empty means <see cref="Host"/>.</summary>
    public string? ServerName { get; set; }

    /// <summary>User name sent in CONNECT; empty sends none.</summary>
    public string? Username { get; set; }

    /// <summary>Password sent with <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>MQTT keep-alive: the broker declares the client dead (and publishes its will) after 1.5 times this
    /// without traffic. Default 30 s; between 1 s and 18 h 12 min 15 s (65535 s, the protocol's limit).</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connection attempt (TCP, TLS and CONNACK) may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first reconnection attempt; doubled after every failure up to
    /// <see cref="ReconnectMaxDelay"/>, with random jitter. Default 1 s.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the reconnection delay. Default 60 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages held while the broker is unreachable; when full the oldest is dropped. Default 10 000.</summary>
    public int OfflineBufferCapacity { get; set; } = 10_000;

    /// <summary>Largest payload <see cref="MqttTransport.Publish"/> accepts. Default 256 KiB.</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>Checks every setting and returns one message per problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add($"{nameof(Host)} must name the broker.");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"{nameof(Port)} must be between 1 and 65535 (is {Port}).");
        }

        if (string.IsNullOrEmpty(ClientId) || ClientId.Length > 65535)
        {
            errors.Add($"{nameof(ClientId)} must be set (1 to 65535 characters).");
        }

        if (UseTls)
        {
            CheckFile(errors, nameof(CaFile), CaFile);
            CheckFile(errors, nameof(ClientCertificateFile), ClientCertificateFile);
            CheckFile(errors, nameof(ClientKeyFile), ClientKeyFile);
            if (!string.IsNullOrEmpty(ClientKeyFile) && string.IsNullOrEmpty(ClientCertificateFile))
            {
                errors.Add($"{nameof(ClientKeyFile)} is set but {nameof(ClientCertificateFile)} is not.");
            }
        }
        else if (!string.IsNullOrEmpty(CaFile) || !string.IsNullOrEmpty(ClientCertificateFile))
        {
            errors.Add($"{nameof(CaFile)} or {nameof(ClientCertificateFile)} is set but {nameof(UseTls)} is off.");
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            errors.Add($"{nameof(Password)} is set but {nameof(Username)} is not.");
        }

        if (KeepAlive < TimeSpan.FromSeconds(1) || KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            errors.Add($"{nameof(KeepAlive)} must be between 1 s and 65535 s (is {KeepAlive}).");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ConnectTimeout)} must be positive (is {ConnectTimeout}).");
        }

        if (ReconnectInitialDelay <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ReconnectInitialDelay)} must be positive (is {ReconnectInitialDelay}).");
        }

        if (ReconnectMaxDelay < ReconnectInitialDelay)
        {
            errors.Add($"{nameof(ReconnectMaxDelay)} must be at least {nameof(ReconnectInitialDelay)} (is {ReconnectMaxDelay}).");
        }

        if (OfflineBufferCapacity < 1)
        {
            errors.Add($"{nameof(OfflineBufferCapacity)} must be at least 1 (is {OfflineBufferCapacity}).");
        }

        // 268 435 455 is the largest MQTT remaining length (four-byte variable integer, MQTT 5.0 section 1.5.5).
        if (MaxPayloadBytes is < 1 or > 268_435_455 - 65_536)
        {
            errors.Add($"{nameof(MaxPayloadBytes)} must be between 1 and 268369919 (is {MaxPayloadBytes}).");
        }

        return errors;
    }

    private static void CheckFile(List<string> errors, string name, string? path)
    {
        if (!string.IsNullOrEmpty(path) && !File.Exists(path))
        {
            errors.Add($"{name} names a file that does not exist: {path}");
        }
    }
}
