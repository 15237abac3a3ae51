using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// The MQTT connection of the agent's telemetry: connects, and keeps connected from one background loop (jittered
/// exponential back-off, never from inside MQTTnet's disconnected handler); buffers what is published while the
/// broker is away and delivers it in order once connected.
/// </summary>
/// <remarks>
/// <para>Before every connection attempt the loop calls the will factory and puts its result in CONNECT as the will,
/// so an upper layer (Sparkplug's NDEATH with a fresh bdSeq) can change it per connection. After each connection
/// the loop subscribes every filter given to <see cref="Subscribe"/>, then raises <see cref="Connected"/> on the loop
/// itself, before any buffered message is sent: messages put with <see cref="PublishFirst"/> from that handler (the
/// births) are the first of the session.</para>
/// <para>MQTT 5.0, clean start, no session kept by the broker (Sparkplug B 3.0 requires a clean session).</para>
/// <para>Thread-safety: every public member may be called from any thread. Events are raised on the loop; a
/// handler that blocks stalls the transport.</para>
/// </remarks>
public sealed partial class MqttTransport : IAsyncDisposable
{
    private readonly MqttTransportOptions _options;
    private readonly Func<MqttOutgoingMessage?> _willFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly OfflineBuffer _buffer;
    private readonly MqttClientFactory _factory = new();
    private readonly MqttNetLoggerAdapter _mqttLogger;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, byte> _filters = new(StringComparer.Ordinal);
    private readonly Random _random = new();
    private volatile IMqttClient? _client;
    private Task? _loop;
    private HashSet<string> _subscribed = new(StringComparer.Ordinal);
    private int _seenFiltersVersion;
    private int _reconnectRequested;
    private int _filtersVersion;
    private long _connects;
    private long _disconnects;
    private long _published;
    private long _dropped;
    private long _received;
    private volatile string? _lastError;
    private int _disposed;

    // Connected in the sense callers care about: the broker accepted us and every subscription is in place.
    private bool _ready;

    /// <summary>Creates a transport; nothing happens on the network until <see cref="Start"/>.</summary>
    /// <param name="options">Connection settings; must pass <see cref="MqttTransportOptions.Validate"/>.</param>
    /// <param name="willFactory">Called on the loop before every connection attempt; its result (or no will, when it
    /// returns null) goes into CONNECT.</param>
    /// <param name="logger">Where connection changes and errors are logged.</param>
    /// <param name="timeProvider">Clock for back-off delays; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options do not validate; the message lists every problem.</exception>
    public MqttTransport(
        MqttTransportOptions options,
        Func<MqttOutgoingMessage?> willFactory,
        ILogger<MqttTransport>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(willFactory);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid MQTT transport options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _willFactory = willFactory;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _buffer = new OfflineBuffer(options.OfflineBufferCapacity);
        _mqttLogger = new MqttNetLoggerAdapter(_logger);
    }

    /// <summary>Raised on the loop after each successful connection and its subscriptions, before buffered messages
    /// are sent. Publish the birth certificates here with <see cref="PublishFirst"/>.</summary>
    public event EventHandler? Connected;

    /// <summary>Raised on the loop when an established connection is lost or closed by <see cref="RequestReconnect"/>.</summary>
    public event EventHandler? Disconnected;

    /// <summary>Raised on MQTTnet's receive thread for each message on a subscribed topic (topic, payload). The payload
    /// is a copy the handler may keep.</summary>
    public event Action<string, ReadOnlyMemory<byte>>? MessageReceived;

    /// <summary>Whether the transport holds an established connection with its subscriptions in place right now.</summary>
    public bool IsConnected => Volatile.Read(ref _ready) && _client?.IsConnected == true;

    /// <summary>Starts the connection loop. Calling it again does nothing.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_loop is null && Interlocked.CompareExchange(ref _loop, Task.CompletedTask, null) is null)
        {
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Queues a message behind everything buffered. Never blocks and never waits for the network. When the buffer is
    /// full its oldest message is dropped (and counted). A payload above
    /// <see cref="MqttTransportOptions.MaxPayloadBytes"/> is dropped (and counted) and false returned.
    /// </summary>
    /// <returns>Whether the message was buffered.</returns>
    public bool Publish(MqttOutgoingMessage message) => Enqueue(message, priority: false);

    /// <summary>
    /// Queues a message ahead of every message put with <see cref="Publish"/> (behind earlier
    /// <see cref="PublishFirst"/> ones). Meant for birth certificates published from a <see cref="Connected"/> handler.
    /// </summary>
    /// <returns>Whether the message was buffered.</returns>
    public bool PublishFirst(MqttOutgoingMessage message) => Enqueue(message, priority: true);

    /// <summary>Subscribes to <paramref name="topicFilter"/> (QoS 1) now if connected, and again after every
    /// reconnection. Returns at once; a filter given before <see cref="Start"/> is active when
    /// <see cref="Connected"/> is raised.</summary>
    public void Subscribe(string topicFilter)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        if (_filters.TryAdd(topicFilter, 0))
        {
            Interlocked.Increment(ref _filtersVersion);
            Signal();
        }
    }

    /// <summary>
    /// Closes the current connection, asking the broker to publish the will (MQTT 5 reason 0x04, "disconnect with will
    /// message"), and connects again with a fresh will. Buffered messages stay buffered. Sparkplug calls this when its
    /// primary host application goes offline. (Mosquitto honours reason 0x04; MQTTnet's own server, and so
    /// <see cref="EmbeddedBroker"/>, treats every DISCONNECT as clean and drops the will.)
    /// </summary>
    public void RequestReconnect()
    {
        Interlocked.Exchange(ref _reconnectRequested, 1);
        Signal();
    }

    /// <summary>Drops every buffered message (counted as dropped) and returns how many there were.</summary>
    public int ClearBuffer()
    {
        int count = _buffer.Clear();
        Interlocked.Add(ref _dropped, count);
        return count;
    }

    /// <summary>Waits until the offline buffer is empty (everything published or dropped).</summary>
    /// <returns>True when empty; false if <paramref name="cancellationToken"/> fired first.</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        while (_buffer.Count > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A snapshot of the counters.</summary>
    public MqttTransportStatistics GetStatistics() => new(
        Interlocked.Read(ref _connects),
        Interlocked.Read(ref _disconnects),
        Interlocked.Read(ref _published),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _received),
        _buffer.Count,
        _lastError);

    /// <summary>
    /// Stops the loop and closes the connection: a normal DISCONNECT (the broker discards the will), or with
    /// <paramref name="publishWill"/> one that asks the broker to publish it. Buffered messages are not sent; call
    /// <see cref="FlushAsync"/> first to wait for them.
    /// </summary>
    public async Task StopAsync(bool publishWill, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The loop ends by cancellation.
            }
        }

        IMqttClient? client = _client;
        if (client is not null)
        {
            if (client.IsConnected)
            {
                await DisconnectAsync(client, publishWill, cancellationToken).ConfigureAwait(false);
            }

            client.Dispose();
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    /// <summary>Stops without asking for the will; see <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(publishWill: false, timeout.Token).ConfigureAwait(false);
    }

    private bool Enqueue(MqttOutgoingMessage message, bool priority)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.Topic);
        ArgumentOutOfRangeException.ThrowIfNegative(message.QoS);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.QoS, 1);
        if (_disposed != 0)
        {
            return false;
        }

        if (message.Payload.Length > _options.MaxPayloadBytes)
        {
            Interlocked.Increment(ref _dropped);
            _lastError = $"Payload of {message.Payload.Length} bytes on {message.Topic} exceeds MaxPayloadBytes ({_options.MaxPayloadBytes}); dropped.";
            LogOversized(_logger, message.Topic, message.Payload.Length, _options.MaxPayloadBytes);
            return false;
        }

        int dropped = _buffer.Add(message, priority);
        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
        }

        Signal();
        return true;
    }

    private void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // Stopped meanwhile.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        int attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                attempt = 0;
                await ServeAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _disconnects);
                LogDisconnected(_logger, _options.Host, _options.Port, _lastError);
                RaiseSafely(Disconnected, nameof(Disconnected));
            }

            TimeSpan delay = ReconnectBackoff.Delay(attempt++, _options.ReconnectInitialDelay, _options.ReconnectMaxDelay, _random);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        IMqttClient client = CreateClient();
        Volatile.Write(ref _ready, false);
        IMqttClient? previous = Interlocked.Exchange(ref _client, client);
        previous?.Dispose();
        Interlocked.Exchange(ref _reconnectRequested, 0);
        try
        {
            MqttClientOptions connectOptions = BuildConnectOptions(_willFactory());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            MqttClientConnectResult result = await client.ConnectAsync(connectOptions, timeout.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                _lastError = $"Broker refused the connection: {result.ResultCode} {result.ReasonString}";
                LogConnectFailed(_logger, _options.Host, _options.Port, _lastError, null);
                return false;
            }

            Interlocked.Increment(ref _connects);
            LogConnected(_logger, _options.Host, _options.Port, _options.ClientId);
            _subscribed = new HashSet<string>(StringComparer.Ordinal);
            _seenFiltersVersion = Volatile.Read(ref _filtersVersion);
            await SubscribeAllAsync(client, _subscribed, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _ready, true);
            RaiseSafely(Connected, nameof(Connected));
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _lastError = $"Connecting to {_options.Host}:{_options.Port} failed: {e.GetBaseException().Message}";
            LogConnectFailed(_logger, _options.Host, _options.Port, _lastError, null); // the reason says it all: no stack per retry
            return false;
        }
    }

    /// <summary>Sends buffered messages while the connection lasts; returns when it is gone.</summary>
    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        IMqttClient client = _client!;
        while (client.IsConnected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Interlocked.Exchange(ref _reconnectRequested, 0) != 0)
            {
                _lastError = "Reconnection requested.";
                await DisconnectAsync(client, publishWill: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            try
            {
                int version = Volatile.Read(ref _filtersVersion);
                if (version != _seenFiltersVersion)
                {
                    _seenFiltersVersion = version;
                    await SubscribeAllAsync(client, _subscribed, cancellationToken).ConfigureAwait(false);
                }

                LinkedListNode<MqttOutgoingMessage>? node = _buffer.PeekNode();
                if (node is null)
                {
                    await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                MqttClientPublishResult result = await client.PublishAsync(ToApplicationMessage(node.Value), cancellationToken).ConfigureAwait(false);
                _buffer.Remove(node);
                if (result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    Interlocked.Increment(ref _published);
                }
                else
                {
                    // Refused for good (not authorized, invalid topic, ...): retrying would stall everything behind it.
                    Interlocked.Increment(ref _dropped);
                    _lastError = $"Broker refused a message on {node.Value.Topic}: {result.ReasonCode} {result.ReasonString}";
                    LogRefused(_logger, node.Value.Topic, result.ReasonCode);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // The message stays at the head of the buffer and is sent again on the next connection. A failure
                // while still "connected" (no PUBACK in time) means the connection is not to be trusted: drop it.
                _lastError = $"Publishing failed: {e.GetBaseException().Message}";
                LogPublishFailed(_logger, _lastError, e);
                if (client.IsConnected)
                {
                    await DisconnectAsync(client, publishWill: true, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
        }
    }

    private async Task SubscribeAllAsync(IMqttClient client, HashSet<string> subscribed, CancellationToken cancellationToken)
    {
        foreach (string filter in _filters.Keys)
        {
            if (!subscribed.Add(filter))
            {
                continue;
            }

            MqttClientSubscribeOptions subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                .Build();
            MqttClientSubscribeResult result = await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
            foreach (MqttClientSubscribeResultItem item in result.Items)
            {
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                {
                    _lastError = $"Broker refused the subscription {filter}: {item.ResultCode}";
                    LogSubscribeRefused(_logger, filter, item.ResultCode);
                }
            }
        }
    }

    private IMqttClient CreateClient()
    {
        IMqttClient client = _factory.CreateMqttClient(_mqttLogger);
        client.DisconnectedAsync += _ =>
        {
            Signal();
            return Task.CompletedTask;
        };
        client.ApplicationMessageReceivedAsync += e =>
        {
            Interlocked.Increment(ref _received);
            Action<string, ReadOnlyMemory<byte>>? handler = MessageReceived;
            if (handler is not null)
            {
                try
                {
                    handler(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
                }
                catch (Exception ex)
                {
                    LogHandlerFailed(_logger, nameof(MessageReceived), ex);
                }
            }

            return Task.CompletedTask;
        };
        return client;
    }

    private MqttClientOptions BuildConnectOptions(MqttOutgoingMessage? will)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithSessionExpiryInterval(0)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.ConnectTimeout);
        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder.WithCredentials(_options.Username, _options.Password ?? string.Empty);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(MqttTlsConfiguration.Create(_options));
        }

        if (will is not null)
        {
            builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload.ToArray())
                .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)will.QoS)
                .WithWillRetain(will.Retain);
        }

        return builder.Build();
    }

    private static MqttApplicationMessage ToApplicationMessage(MqttOutgoingMessage message) => new()
    {
        Topic = message.Topic,
        Payload = new ReadOnlySequence<byte>(message.Payload),
        QualityOfServiceLevel = (MqttQualityOfServiceLevel)message.QoS,
        Retain = message.Retain,
    };

    private async Task DisconnectAsync(IMqttClient client, bool publishWill, CancellationToken cancellationToken)
    {
        try
        {
            MqttClientDisconnectOptions disconnect = new MqttClientDisconnectOptionsBuilder()
                .WithReason(publishWill ? MqttClientDisconnectOptionsReason.DisconnectWithWillMessage : MqttClientDisconnectOptionsReason.NormalDisconnection)
                .Build();
            await client.DisconnectAsync(disconnect, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            // The connection is already gone; nothing to close.
            LogDisconnectFailed(_logger, e);
        }
    }

    private void RaiseSafely(EventHandler? handler, string name)
    {
        try
        {
            handler?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception e)
        {
            LogHandlerFailed(_logger, name, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Host}:{Port} as {ClientId}")]
    private static partial void LogConnected(ILogger logger, string host, int port, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection to {Host}:{Port} lost ({Reason})")]
    private static partial void LogDisconnected(ILogger logger, string host, int port, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection to {Host}:{Port} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string reason, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT publish failed, message kept for the next connection: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker refused a message on {Topic}: {ReasonCode}; dropped")]
    private static partial void LogRefused(ILogger logger, string topic, MqttClientPublishReasonCode reasonCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT payload on {Topic} is {Length} bytes, above MaxPayloadBytes {Max}; dropped")]
    private static partial void LogOversized(ILogger logger, string topic, int length, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker refused the subscription {Filter}: {ResultCode}")]
    private static partial void LogSubscribeRefused(ILogger logger, string filter, MqttClientSubscribeResultCode resultCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT disconnect failed (connection already gone)")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT transport: a {Handler} handler threw")]
    private static partial void LogHandlerFailed(ILogger logger, string handler, Exception exception);
}
