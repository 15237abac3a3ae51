using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using NodeAgent.Node.Tests.Support;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug.Protos;
using NodeAgent.Telemetry.Tests.Mqtt;

namespace NodeAgent.Node.Tests;

/// <summary>
/// The agent's Sparkplug session against a real Mosquitto (TLS with a private CA, password file), the agent behind a
/// TCP forwarder that can cut its connections uncleanly. Skipped when Mosquitto is not installed, unless
/// NODEAGENT_REQUIRE_INTEROP=1.
/// </summary>
public sealed class MosquittoTelemetryTests
{
    private const string User = "agent";
    private const string Secret = "s3cret-pass";
    private const string Prefix = "spBv1.0/nodeagent/";
    private const double Wait = 15;
    private static readonly string[] s_edges = ["sim-link-1-alice", "sim-link-1-bob"];

    [Fact]
    public async Task Births_rebirth_broker_restart_and_the_will_of_a_cut_connection()
    {
        MosquittoBroker.RequireInstalled();
        CancellationToken ct = TestContext.Current.CancellationToken;
        string state = Directory.CreateTempSubdirectory("nodeagent-mosquitto-telemetry").FullName;
        await using var mosquitto = new MosquittoBroker(User, Secret);
        await mosquitto.StartAsync(ct);
        await using var proxy = new TcpChaosProxy(mosquitto.Port);

        // The watcher talks to Mosquitto directly (it survives the proxy's cuts) and retries fast, so after a broker
        // restart it is subscribed again well before the agent's first retry (1 to 2 s) and sees the new births.
        var received = new ConcurrentQueue<(string Topic, Payload Payload)>();
        await using var watcher = new MqttTransport(
            new MqttTransportOptions
            {
                Port = mosquitto.Port,
                ClientId = "watcher",
                UseTls = true,
                CaFile = mosquitto.CaFile,
                Username = User,
                Password = Secret,
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            },
            () => null);
        watcher.Subscribe("spBv1.0/#");
        watcher.MessageReceived += (topic, payload) => received.Enqueue((topic, Payload.Parser.ParseFrom(payload.Span)));
        watcher.Start();
        await Poll.UntilAsync(() => watcher.IsConnected, ct, Wait);

        Dictionary<string, string?> settings = LinkHarness.OperatingPointSettings();
        settings["Telemetry:Enabled"] = "true";
        settings["Telemetry:EmbeddedBroker"] = "false";
        settings["Telemetry:StateDirectory"] = state;
        settings["Telemetry:PublishPeriodSeconds"] = "0.1";
        settings["Telemetry:Mqtt:Host"] = "127.0.0.1"; // the certificate names 127.0.0.1, so the name check holds through the proxy
        settings["Telemetry:Mqtt:Port"] = proxy.Port.ToString(CultureInfo.InvariantCulture);
        settings["Telemetry:Mqtt:UseTls"] = "true";
        settings["Telemetry:Mqtt:CaFile"] = mosquitto.CaFile;
        settings["Telemetry:Mqtt:Username"] = User;
        settings["Telemetry:Mqtt:Password"] = Secret;
        // bdSeq advances with every connection attempt; one retry per short outage keeps "advanced by one" exact.
        settings["Telemetry:Mqtt:ReconnectInitialDelay"] = "00:00:02";
        settings["Telemetry:Mqtt:ReconnectMaxDelay"] = "00:00:02";
        using IHost host = HostingTests.BuildHost(settings, TextWriter.Null);
        try
        {
            await host.StartAsync(ct);

            // 1. Both ends are born (bdSeq 0 from a fresh state folder) and their device reports data after its birth.
            await Poll.UntilAsync(() => s_edges.All(e => Messages(received, e, "DDATA").Count > 0), ct, Wait);
            foreach (string edge in s_edges)
            {
                var births = NodeBirths(received, edge);
                Assert.Equal((0UL, 0UL), (births[0].BdSeq, births[0].Seq));
                Assert.True(Messages(received, edge, "DBIRTH")[0].Index > births[0].Index);
                Assert.True(Messages(received, edge, "DDATA")[0].Index > Messages(received, edge, "DBIRTH")[0].Index);
            }

            // 2. Rebirth on command: NBIRTH again, seq 0, same bdSeq.
            foreach (string edge in s_edges)
            {
                var command = new Payload { Timestamp = 1 };
                command.Metrics.Add(new Payload.Types.Metric { Name = "Node Control/Rebirth", Datatype = 11, BooleanValue = true });
                watcher.Publish(new MqttOutgoingMessage($"{Prefix}NCMD/{edge}", command.ToByteArray(), 1));
            }

            await Poll.UntilAsync(() => s_edges.All(e => NodeBirths(received, e).Count == 2), ct, Wait);
            foreach (string edge in s_edges)
            {
                var births = NodeBirths(received, edge);
                Assert.Equal((births[0].BdSeq, 0UL), (births[1].BdSeq, births[1].Seq));
            }

            // 3. Broker crash and restart on the same port: the agent reconnects with bdSeq + 1; what it had queued
            // when the broker died follows the new births, in order.
            mosquitto.Kill();
            await Task.Delay(300, ct);
            await mosquitto.StartAsync(ct);
            await Poll.UntilAsync(() => s_edges.All(e => NodeBirths(received, e).Count == 3 && Messages(received, e, "DDATA").Count(m => m.Index > NodeBirths(received, e)[2].Index) >= 3), ct, Wait);
            foreach (string edge in s_edges)
            {
                var births = NodeBirths(received, edge);
                Assert.Equal((births[1].BdSeq + 1, 0UL), (births[2].BdSeq, births[2].Seq));
                AssertSessionsInOrder(received, edge, births[2].Index);
                AssertSecretBitsNeverDecrease(received, edge);

                // What the agent measured while the broker was down arrives after the births, marked historical.
                Assert.Contains(Messages(received, edge, "DDATA"), m => m.Index > births[2].Index && m.Payload.Metrics.Any(x => x.IsHistorical));
            }

            // 4. An unclean end of the agent's connections (reset, no DISCONNECT): Mosquitto publishes each will,
            // the NDEATH carrying the bdSeq of that connection's NBIRTH.
            int cut = received.Count;
            proxy.KillConnections();
            await Poll.UntilAsync(() => s_edges.All(e => Messages(received, e, "NDEATH").Any(m => m.Index >= cut)), ct, Wait);
            foreach (string edge in s_edges)
            {
                var death = Messages(received, edge, "NDEATH").First(m => m.Index >= cut);
                Assert.Equal(NodeBirths(received, edge)[2].BdSeq, BdSeq(death.Payload));
            }
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stop.Token);
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>
    /// Seq is one counter per node over NBIRTH (0), DBIRTH, NDATA and DDATA, wrapping 255 to 0. After the reconnect
    /// births (NBIRTH 0, then each DBIRTH the next seq) every message carries the next seq: the agent drops data queued
    /// in the old session and sends what it measured offline as historical data after the births, renumbered.
    /// </summary>
    private static void AssertSessionsInOrder(ConcurrentQueue<(string Topic, Payload Payload)> received, string edge, int birth)
    {
        var node = received.ToArray().Select((m, i) => (Type: m.Topic.Split('/')[2], Edge: m.Topic.Split('/')[3], Index: i, m.Payload.Seq))
            .Where(m => m.Edge == edge && m.Type is "NBIRTH" or "DBIRTH" or "NDATA" or "DDATA")
            .ToList();
        string trace = string.Join(' ', node.Select(m => $"{m.Type}:{m.Seq}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{edge}: {trace}");
        var session = node.Where(m => m.Index >= birth).ToList();
        int i = 0;
        for (; i < session.Count && session[i].Type is "NBIRTH" or "DBIRTH"; i++)
        {
            Assert.True(session[i].Seq == (ulong)i, $"{edge}: birth seq {session[i].Seq} at {i} ({trace})");
        }

        for (ulong previous = (ulong)i - 1; i < session.Count; i++)
        {
            Assert.True(session[i].Seq == (previous + 1) % 256, $"{edge}: seq {session[i].Seq} after {previous} ({trace})");
            previous = session[i].Seq;
        }
    }

    private static void AssertSecretBitsNeverDecrease(ConcurrentQueue<(string Topic, Payload Payload)> received, string edge)
    {
        ulong alias = Messages(received, edge, "DBIRTH")[0].Payload.Metrics.Single(x => x.Name == "Keys/Secret bits").Alias;
        ulong[] values = Messages(received, edge, "DDATA")
            .SelectMany(m => m.Payload.Metrics.Where(x => x.Alias == alias).Select(x => x.LongValue))
            .ToArray();
        for (int i = 1; i < values.Length; i++)
        {
            Assert.True(values[i] >= values[i - 1], $"{edge}: secret bits {values[i]} after {values[i - 1]}");
        }
    }

    private static List<(int Index, ulong BdSeq, ulong Seq)> NodeBirths(ConcurrentQueue<(string Topic, Payload Payload)> received, string edge) =>
        Messages(received, edge, "NBIRTH").Select(m => (m.Index, BdSeq(m.Payload), m.Payload.Seq)).ToList();

    /// <summary>The messages of one type from one node (its device <c>link</c> for D* types), with their arrival index.</summary>
    private static List<(int Index, Payload Payload)> Messages(ConcurrentQueue<(string Topic, Payload Payload)> received, string edge, string type)
    {
        string topic = type[0] == 'D' ? $"{Prefix}{type}/{edge}/link" : $"{Prefix}{type}/{edge}";
        return received.ToArray().Select((m, i) => (m.Topic, Index: i, m.Payload))
            .Where(m => m.Topic == topic)
            .Select(m => (m.Index, m.Payload))
            .ToList();
    }

    private static ulong BdSeq(Payload payload) => payload.Metrics.Single(x => x.Name == "bdSeq").LongValue;
}
