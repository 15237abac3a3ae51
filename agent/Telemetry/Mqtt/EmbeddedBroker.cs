using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// An in-process MQTT broker (MQTTnet server) for the zero-setup run, so telemetry has somewhere to go without
/// installing one. Plain TCP, no persistence, retained messages kept in memory only.
/// </summary>
/// <remarks>Start and stop from one thread (the host's start-up and shut-down); other members are thread-safe.</remarks>
public sealed partial class EmbeddedBroker : IAsyncDisposable
{
    private readonly EmbeddedBrokerOptions _options;
    private readonly ILogger _logger;
    private MqttServer? _server;

    /// <summary>Creates a broker; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options do not validate; the message lists every problem.</exception>
    public EmbeddedBroker(EmbeddedBrokerOptions options, ILogger<EmbeddedBroker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid embedded broker options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The endpoint clients connect to.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Parse(_options.Address), _options.Port);

    /// <summary>Whether the broker is listening.</summary>
    public bool IsStarted => _server?.IsStarted == true;

    /// <summary>Starts listening.</summary>
    /// <exception cref="SocketException">The address or port cannot be bound (for example another broker runs there).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_server is not null)
        {
            return;
        }

        var factory = new MqttServerFactory();
        MqttServerOptions serverOptions = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(_options.Address))
            .WithDefaultEndpointPort(_options.Port)
            // Lets a restarted broker bind again while connections of the previous one linger in TIME_WAIT.
            .WithDefaultEndpointReuseAddress()
            .WithPersistentSessions(false)
            .Build();
        MqttServer server = factory.CreateMqttServer(serverOptions, new MqttNetLoggerAdapter(_logger));
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.ClientConnectedAsync += e =>
        {
            LogClientConnected(_logger, e.ClientId, e.RemoteEndPoint);
            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += e =>
        {
            LogClientDisconnected(_logger, e.ClientId, e.DisconnectType);
            return Task.CompletedTask;
        };

        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        _server = server;
        LogStarted(_logger, _options.Address, _options.Port);
    }

    /// <summary>Stops listening and closes every client connection. The broker can be started again.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MqttServer? server = _server;
        _server = null;
        if (server is null)
        {
            return;
        }

        try
        {
            await server.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            server.Dispose();
            LogStopped(_logger, _options.Address, _options.Port);
        }
    }

    /// <summary>Stops the broker.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(_options.Username))
        {
            return Task.CompletedTask;
        }

        // Constant-time comparison, so the time to refuse does not tell how much of a guess was right.
        bool userOk = FixedTimeEquals(e.UserName, _options.Username);
        bool passwordOk = FixedTimeEquals(e.Password, _options.Password);
        if (!(userOk & passwordOk))
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LogRefused(_logger, e.ClientId, e.RemoteEndPoint);
        }

        return Task.CompletedTask;
    }

    private static bool FixedTimeEquals(string? presented, string? expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? string.Empty)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private static partial void LogStarted(ILogger logger, string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker on {Address}:{Port} stopped")]
    private static partial void LogStopped(ILogger logger, string address, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} connected from {RemoteEndPoint}")]
    private static partial void LogClientConnected(ILogger logger, string clientId, EndPoint? remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} disconnected ({DisconnectType})")]
    private static partial void LogClientDisconnected(ILogger logger, string clientId, MqttClientDisconnectType disconnectType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} from {RemoteEndPoint} refused: bad user name or password")]
    private static partial void LogRefused(ILogger logger, string clientId, EndPoint? remoteEndPoint);
}
