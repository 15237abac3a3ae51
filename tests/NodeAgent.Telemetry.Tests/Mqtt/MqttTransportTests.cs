using NodeAgent.Telemetry.Mqtt;

namespace NodeAgent.Telemetry.Tests.Mqtt;

/// <summary>The transport against the in-process <see cref="EmbeddedBroker"/>.</summary>
public sealed class MqttTransportTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20); // generous: CI machines are loaded

    [Fact]
    public async Task Publish_and_subscribe_round_trip_keeps_order()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        var brokerLog = new ErrorCountingLogger<EmbeddedBroker>();
        var log = new ErrorCountingLogger<MqttTransport>();
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = FreePort.Next() }, brokerLog);
        await broker.StartAsync(ct);
        var received = new ReceivedMessages();
        await using var subscriber = new MqttTransport(TestTransports.Options(broker.EndPoint.Port, "sub"), () => null, log);
        subscriber.MessageReceived += received.Add;
        subscriber.Subscribe("data/#");
        subscriber.Start();
        await Eventually.TrueAsync(() => subscriber.IsConnected, s_wait, "subscriber connected", ct);
        await using var publisher = new MqttTransport(TestTransports.Options(broker.EndPoint.Port, "pub"), () => null, log);
        publisher.Start();

        string[] expected = Enumerable.Range(0, 200).Select(i => $"m{i}").ToArray();
        foreach (string payload in expected)
        {
            Assert.True(publisher.Publish(TestTransports.Message("data/x", payload, qos: payload.Length % 2)));
        }

        await received.WaitForAsync(m => m.Count >= expected.Length, s_wait, ct);
        Assert.Equal(expected, received.Payloads("data/x"));
        await Eventually.TrueAsync(() => publisher.GetStatistics().Published == 200, s_wait, "publications counted", ct);
        Assert.Equal(200, subscriber.GetStatistics().Received);
        Assert.Equal(0, publisher.GetStatistics().Dropped);
        log.AssertNoErrors();
        brokerLog.AssertNoErrors();
    }

    [Fact]
    public async Task Will_is_delivered_when_the_connection_dies_uncleanly()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = FreePort.Next() });
        await broker.StartAsync(ct);
        await using var proxy = new TcpChaosProxy(broker.EndPoint.Port);
        var wills = new ReceivedMessages();
        await using MqttTransport observer = await StartObserverAsync(broker.EndPoint.Port, wills, ct);
        await using var victim = new MqttTransport(
            TestTransports.Options(proxy.Port, "victim"), () => TestTransports.Message("will/victim", "dead"));
        victim.Start();
        await Eventually.TrueAsync(() => victim.IsConnected, s_wait, "victim connected", ct);

        proxy.KillConnections();

        await wills.WaitForAsync(m => m.Count >= 1, s_wait, ct);
        Assert.Equal(["dead"], wills.Payloads("will/victim"));
    }

    [Fact]
    public async Task Will_factory_runs_before_every_connect_and_each_connection_carries_its_own_will()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = FreePort.Next() });
        await broker.StartAsync(ct);
        await using var proxy = new TcpChaosProxy(broker.EndPoint.Port);
        var wills = new ReceivedMessages();
        await using MqttTransport observer = await StartObserverAsync(broker.EndPoint.Port, wills, ct);
        int calls = 0;
        await using var victim = new MqttTransport(
            TestTransports.Options(proxy.Port, "victim"),
            () => TestTransports.Message("will/victim", $"death-{Interlocked.Increment(ref calls)}"));
        Func<int> connects = TestTransports.CountConnects(victim);
        victim.Start();

        for (int connection = 1; connection <= 3; connection++)
        {
            await Eventually.TrueAsync(() => connects() == connection && victim.IsConnected, s_wait, $"connection {connection}", ct);
            proxy.KillConnections();
            await wills.WaitForAsync(m => m.Count >= connection, s_wait, ct);
        }

        Assert.Equal(["death-1", "death-2", "death-3"], wills.Payloads("will/victim"));
        await Eventually.TrueAsync(() => connects() == 4, s_wait, "fourth connection", ct);
        Assert.Equal(4, Volatile.Read(ref calls));
        Assert.Equal(4, victim.GetStatistics().Connects);
        Assert.Equal(3, victim.GetStatistics().Disconnects);
    }

    [Fact]
    public async Task Request_reconnect_connects_again_with_a_fresh_will()
    {
        // MQTTnet's server (5.2) treats every DISCONNECT as clean and drops the will even with reason 0x04
        // ("disconnect with will message"); that the will is published is checked against Mosquitto.
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = FreePort.Next() });
        await broker.StartAsync(ct);
        int calls = 0;
        await using var node = new MqttTransport(
            TestTransports.Options(broker.EndPoint.Port, "node"),
            () => TestTransports.Message("will/node", $"death-{Interlocked.Increment(ref calls)}"));
        Func<int> connects = TestTransports.CountConnects(node);
        node.Start();
        await Eventually.TrueAsync(() => connects() == 1, s_wait, "first connection", ct);

        node.RequestReconnect();

        await Eventually.TrueAsync(() => connects() == 2, s_wait, "second connection", ct);
        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Equal(1, node.GetStatistics().Disconnects);
    }

    [Fact]
    public async Task Broker_restart_delivers_buffered_messages_in_order_after_dropping_the_oldest()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        var options = new EmbeddedBrokerOptions { Port = FreePort.Next() };
        var broker = new EmbeddedBroker(options);
        await broker.StartAsync(ct);
        var received = new ReceivedMessages();
        // The transport subscribes to what it publishes: its subscription is renewed before the buffer drains, so
        // nothing published during the outage can be missed by a subscriber that reconnects later.
        await using var transport = new MqttTransport(TestTransports.Options(options.Port, "node", capacity: 5), () => null);
        int disconnects = 0;
        transport.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        transport.MessageReceived += received.Add;
        transport.Subscribe("data/#");
        transport.Start();
        await Eventually.TrueAsync(() => transport.IsConnected, s_wait, "connected", ct);
        transport.Publish(TestTransports.Message("data/x", "before"));
        await received.WaitForAsync(m => m.Count == 1, s_wait, ct);

        await broker.DisposeAsync();
        await Eventually.TrueAsync(() => Volatile.Read(ref disconnects) == 1, s_wait, "disconnect noticed", ct);
        for (int i = 0; i < 8; i++)
        {
            transport.Publish(TestTransports.Message("data/x", $"m{i}"));
        }

        MqttTransportStatistics whileDown = transport.GetStatistics();
        Assert.Equal(3, whileDown.Dropped);
        Assert.Equal(5, whileDown.Buffered);
        await Eventually.TrueAsync(() => transport.GetStatistics().LastError is not null, s_wait, "a failed reconnection attempt", ct);

        await using var restarted = new EmbeddedBroker(options);
        await restarted.StartAsync(ct);

        await received.WaitForAsync(m => m.Count == 6, s_wait, ct);
        Assert.Equal(["before", "m3", "m4", "m5", "m6", "m7"], received.Payloads("data/x"));
        // The echo can arrive before the publisher has counted its acknowledgement.
        await Eventually.TrueAsync(() => transport.GetStatistics().Published == 6, s_wait, "six publications counted", ct);
        MqttTransportStatistics after = transport.GetStatistics();
        Assert.Equal(2, after.Connects);
        Assert.Equal(1, after.Disconnects);
        Assert.Equal(0, after.Buffered);
    }

    [Fact]
    public async Task Messages_published_first_from_the_connected_handler_precede_the_buffer()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        var options = new EmbeddedBrokerOptions { Port = FreePort.Next() };
        var received = new ReceivedMessages();
        await using var transport = new MqttTransport(TestTransports.Options(options.Port, "node"), () => null);
        transport.MessageReceived += received.Add;
        transport.Subscribe("data/#");
        transport.Connected += (_, _) =>
        {
            transport.PublishFirst(TestTransports.Message("data/x", "birth-node"));
            transport.PublishFirst(TestTransports.Message("data/x", "birth-device"));
        };
        transport.Start();
        transport.Publish(TestTransports.Message("data/x", "d1"));
        transport.Publish(TestTransports.Message("data/x", "d2"));

        await using var broker = new EmbeddedBroker(options);
        await broker.StartAsync(ct);

        await received.WaitForAsync(m => m.Count == 4, s_wait, ct);
        Assert.Equal(["birth-node", "birth-device", "d1", "d2"], received.Payloads("data/x"));
    }

    [Fact]
    public async Task Embedded_broker_with_credentials_refuses_a_wrong_password()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        var brokerOptions = new EmbeddedBrokerOptions { Port = FreePort.Next(), Username = "agent", Password = "secret" };
        await using var broker = new EmbeddedBroker(brokerOptions);
        await broker.StartAsync(ct);
        MqttTransportOptions good = TestTransports.Options(brokerOptions.Port, "good");
        good.Username = "agent";
        good.Password = "secret";
        MqttTransportOptions bad = TestTransports.Options(brokerOptions.Port, "bad");
        bad.Username = "agent";
        bad.Password = "guess";
        await using var goodTransport = new MqttTransport(good, () => null);
        await using var badTransport = new MqttTransport(bad, () => null);
        goodTransport.Start();
        badTransport.Start();

        await Eventually.TrueAsync(() => goodTransport.IsConnected, s_wait, "good credentials connect", ct);
        await Eventually.TrueAsync(() => badTransport.GetStatistics().LastError is not null, s_wait, "bad credentials fail", ct);
        Assert.Equal(0, badTransport.GetStatistics().Connects);
        Assert.Contains("BadUserNameOrPassword", badTransport.GetStatistics().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_validation_names_the_setting()
    {
        var options = new MqttTransportOptions
        {
            Host = "",
            Port = 0,
            OfflineBufferCapacity = 0,
            ReconnectInitialDelay = TimeSpan.FromSeconds(10),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            CaFile = "/nonexistent/ca.pem",
        };

        IReadOnlyList<string> errors = options.Validate();

        foreach (string name in new[] { "Host", "Port", "OfflineBufferCapacity", "ReconnectMaxDelay", "CaFile" })
        {
            Assert.Contains(errors, e => e.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.Empty(new MqttTransportOptions().Validate());
        Assert.Throws<ArgumentException>(() => new MqttTransport(options, () => null));
    }

    [Fact]
    public async Task Publish_never_waits_for_the_network_and_drops_the_oldest_when_full()
    {
        // Nothing listens on this port: the transport keeps failing to connect while messages pile up.
        await using var transport = new MqttTransport(TestTransports.Options(FreePort.Next(), "lonely", capacity: 3), () => null);
        transport.Start();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(transport.Publish(TestTransports.Message("data/x", $"m{i}")));
        }

        byte[] tooLarge = new byte[transport.GetStatistics().Buffered + (256 * 1024) + 1];
        Assert.False(transport.Publish(new MqttOutgoingMessage("data/x", tooLarge)));
        MqttTransportStatistics statistics = transport.GetStatistics();
        Assert.Equal(3, statistics.Buffered);
        Assert.Equal(8, statistics.Dropped);
        await Task.CompletedTask;
    }

    private static async Task<MqttTransport> StartObserverAsync(int port, ReceivedMessages wills, CancellationToken ct)
    {
        var observer = new MqttTransport(TestTransports.Options(port, "observer"), () => null);
        observer.MessageReceived += wills.Add;
        observer.Subscribe("will/#");

        // Connected is raised once the subscriptions are in place; IsConnected alone may precede them.
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        observer.Connected += (_, _) => subscribed.TrySetResult();
        observer.Start();
        await subscribed.Task.WaitAsync(s_wait, ct);
        return observer;
    }
}
