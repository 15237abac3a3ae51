using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Exceptions;

namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// Forwards MQTTnet's log to an <see cref="ILogger"/>. MQTTnet's verbose and info lines are trace and debug here
/// (they describe every packet); its errors about a peer's connection (a client that vanished, a reset socket) are
/// debug lines, since they are the network's doing and the transport reports them in one line of its own.
/// </summary>
internal sealed partial class MqttNetLoggerAdapter : IMqttNetLogger
{
    private readonly ILogger _logger;

    public MqttNetLoggerAdapter(ILogger logger) => _logger = logger;

    public bool IsEnabled => _logger.IsEnabled(LogLevel.Debug) || _logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[]? parameters, Exception? exception)
    {
        LogLevel level = logLevel switch
        {
            MqttNetLogLevel.Verbose => LogLevel.Trace,
            MqttNetLogLevel.Info => LogLevel.Debug,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            // The transport itself reports lost and failed connections in one line; MQTTnet's own account is detail.
            _ => IsNetworkFault(exception) ? LogLevel.Debug : LogLevel.Error,
        };
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        string text = parameters is { Length: > 0 }
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, parameters)
            : message;
        Log(_logger, level, source, text, exception);
    }

    private static bool IsNetworkFault(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is MqttCommunicationException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Message = "MQTTnet {Source}: {Text}")]
    private static partial void Log(ILogger logger, LogLevel level, string source, string text, Exception? exception);
}
