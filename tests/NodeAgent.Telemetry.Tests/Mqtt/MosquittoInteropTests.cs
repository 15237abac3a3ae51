using NodeAgent.Telemetry.Mqtt;

namespace NodeAgent.Telemetry.Tests.Mqtt;

/// <summary>
/// The transport against a real Mosquitto (TLS with a private CA, password file). Skipped when Mosquitto is not
/// installed, unless NODEAGENT_REQUIRE_INTEROP=1.
/// </summary>
public sealed class MosquittoInteropTests
{
    private const string User = "agent";
    private const string Secret = "s3cret-pass";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Mosquitto_tls_with_password_connects_and_round_trips_in_order()
    {
        MosquittoBroker.RequireInstalled();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var mosquitto = new MosquittoBroker(User, Secret);
        await mosquitto.StartAsync(ct);
        var log = new ErrorCountingLogger<MqttTransport>();
        var received = new ReceivedMessages();
        await using var subscriber = new MqttTransport(Options(mosquitto, mosquitto.Port, "sub"), () => null, log);
        subscriber.MessageReceived += received.Add;
        subscriber.Subscribe("data/#");
        subscriber.Start();
        await Eventually.TrueAsync(() => subscriber.IsConnected, s_wait, "subscriber connected: " + mosquitto.Output, ct);
        await using var publisher = new MqttTransport(Options(mosquitto, mosquitto.Port, "pub"), () => null, log);
        publisher.Start();

        string[] expected = Enumerable.Range(0, 100).Select(i => $"m{i}").ToArray();
        foreach (string payload in expected)
        {
            publisher.Publish(TestTransports.Message("data/x", payload, qos: payload.Length % 2));
        }

        await received.WaitForAsync(m => m.Count >= expected.Length, s_wait, ct);
        Assert.Equal(expected, received.Payloads("data/x"));
        await Eventually.TrueAsync(() => publisher.GetStatistics().Published == 100, s_wait, "publications counted", ct);
        log.AssertNoErrors();
    }

    [Fact]
    public async Task Mosquitto_refuses_a_wrong_password()
    {
        MosquittoBroker.RequireInstalled();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var mosquitto = new MosquittoBroker(User, Secret);
        await mosquitto.StartAsync(ct);
        MqttTransportOptions options = Options(mosquitto, mosquitto.Port, "intruder");
        options.Password = "guess";
        await using var transport = new MqttTransport(options, () => null);
        transport.Start();

        await Eventually.TrueAsync(() => transport.GetStatistics().LastError is not null, s_wait, "refusal", ct);
        await Task.Delay(200, ct);
        MqttTransportStatistics statistics = transport.GetStatistics();
        Assert.Equal(0, statistics.Connects);
        Assert.False(transport.IsConnected);
        Assert.Matches("BadUserNameOrPassword|NotAuthorized", statistics.LastError);
    }

    [Fact]
    public async Task Mosquitto_certificate_for_another_name_is_refused_unless_the_name_check_is_off()
    {
        MosquittoBroker.RequireInstalled();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var mosquitto = new MosquittoBroker(User, Secret);
        await mosquitto.StartAsync(ct);
        MqttTransportOptions wrongName = Options(mosquitto, mosquitto.Port, "wrong-name");
        wrongName.ServerName = "broker.example";
        MqttTransportOptions unchecked_ = Options(mosquitto, mosquitto.Port, "unchecked");
        unchecked_.ServerName = "broker.example";
        unchecked_.CheckServerName = false;
        await using var refused = new MqttTransport(wrongName, () => null);
        await using var accepted = new MqttTransport(unchecked_, () => null);
        refused.Start();
        accepted.Start();

        await Eventually.TrueAsync(() => accepted.IsConnected, s_wait, "connection without name check", ct);
        await Eventually.TrueAsync(() => refused.GetStatistics().LastError is not null, s_wait, "refusal", ct);
        Assert.Equal(0, refused.GetStatistics().Connects);
    }

    [Fact]
    public async Task Mosquitto_delivers_the_will_when_the_client_dies_uncleanly()
    {
        MosquittoBroker.RequireInstalled();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var mosquitto = new MosquittoBroker(User, Secret);
        await mosquitto.StartAsync(ct);
        await using var proxy = new TcpChaosProxy(mosquitto.Port);
        var wills = new ReceivedMessages();
        await using var observer = new MqttTransport(Options(mosquitto, mosquitto.Port, "observer"), () => null);
        observer.MessageReceived += wills.Add;
        observer.Subscribe("will/#");
        observer.Start();
        await Eventually.TrueAsync(() => observer.IsConnected, s_wait, "observer connected", ct);
        int calls = 0;
        await using var victim = new MqttTransport(
            Options(mosquitto, proxy.Port, "victim"),
            () => TestTransports.Message("will/victim", $"death-{Interlocked.Increment(ref calls)}"));
        Func<int> connects = TestTransports.CountConnects(victim);
        victim.Start();

        for (int connection = 1; connection <= 2; connection++)
        {
            await Eventually.TrueAsync(() => connects() == connection && victim.IsConnected, s_wait, $"connection {connection}", ct);
            proxy.KillConnections();
            await wills.WaitForAsync(m => m.Count >= connection, s_wait, ct);
        }

        Assert.Equal(["death-1", "death-2"], wills.Payloads("will/victim"));
    }

    [Fact]
    public async Task Mosquitto_publishes_the_will_on_request_reconnect()
    {
        MosquittoBroker.RequireInstalled();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var mosquitto = new MosquittoBroker(User, Secret);
        await mosquitto.StartAsync(ct);
        var wills = new ReceivedMessages();
        await using var observer = new MqttTransport(Options(mosquitto, mosquitto.Port, "observer"), () => null);
        observer.MessageReceived += wills.Add;
        observer.Subscribe("will/#");
        observer.Start();
        await Eventually.TrueAsync(() => observer.IsConnected, s_wait, "observer connected", ct);
        int calls = 0;
        await using var node = new MqttTransport(
            Options(mosquitto, mosquitto.Port, "node"),
            () => TestTransports.Message("will/node", $"death-{Interlocked.Increment(ref calls)}"));
        Func<int> connects = TestTransports.CountConnects(node);
        node.Start();
        await Eventually.TrueAsync(() => connects() == 1, s_wait, "first connection", ct);

        node.RequestReconnect();

        await wills.WaitForAsync(m => m.Count >= 1, s_wait, ct);
        await Eventually.TrueAsync(() => connects() == 2, s_wait, "second connection", ct);
        Assert.Equal(["death-1"], wills.Payloads("will/node"));
    }

    [Fact]
    public async Task Mosquitto_restart_delivers_buffered_messages_in_order_after_dropping_the_oldest()
    {
        MosquittoBroker.RequireInstalled();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var mosquitto = new MosquittoBroker(User, Secret);
        await mosquitto.StartAsync(ct);
        var received = new ReceivedMessages();
        await using var transport = new MqttTransport(Options(mosquitto, mosquitto.Port, "node", capacity: 5), () => null);
        int disconnects = 0;
        transport.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        transport.MessageReceived += received.Add;
        transport.Subscribe("data/#");
        transport.Start();
        await Eventually.TrueAsync(() => transport.IsConnected, s_wait, "connected", ct);
        transport.Publish(TestTransports.Message("data/x", "before"));
        await received.WaitForAsync(m => m.Count == 1, s_wait, ct);

        mosquitto.Kill();
        await Eventually.TrueAsync(() => Volatile.Read(ref disconnects) == 1, s_wait, "disconnect noticed", ct);
        for (int i = 0; i < 8; i++)
        {
            transport.Publish(TestTransports.Message("data/x", $"m{i}"));
        }

        Assert.Equal(3, transport.GetStatistics().Dropped);
        await Task.Delay(300, ct);
        await mosquitto.StartAsync(ct);

        await received.WaitForAsync(m => m.Count == 6, s_wait, ct);
        Assert.Equal(["before", "m3", "m4", "m5", "m6", "m7"], received.Payloads("data/x"));
        // The echo can arrive before the publisher has counted its acknowledgement.
        await Eventually.TrueAsync(() => transport.GetStatistics().Published == 6, s_wait, "six publications counted", ct);
        Assert.Equal(2, transport.GetStatistics().Connects);
    }

    private static MqttTransportOptions Options(MosquittoBroker mosquitto, int port, string clientId, int capacity = 1000)
    {
        MqttTransportOptions options = TestTransports.Options(port, clientId, capacity);
        options.UseTls = true;
        options.CaFile = mosquitto.CaFile;
        options.Username = User;
        options.Password = Secret;
        return options;
    }
}
