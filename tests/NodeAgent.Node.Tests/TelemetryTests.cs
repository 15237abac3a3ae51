using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeAgent.Keys;
using NodeAgent.Node.Hosting;
using NodeAgent.Node.Pipeline;
using NodeAgent.Node.Tests.Support;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug.Protos;

namespace NodeAgent.Node.Tests;

/// <summary>The agent's default run reports both ends as Sparkplug B edge nodes to its embedded broker.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Both_ends_are_born_report_the_finite_key_estimate_and_die_on_stop()
    {
        int port = Poll.FreePort();
        string state = Directory.CreateTempSubdirectory("nodeagent-telemetry").FullName;
        Dictionary<string, string?> settings = LinkHarness.OperatingPointSettings();
        settings["Telemetry:Enabled"] = "true";
        settings["Telemetry:EmbeddedBrokerPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Telemetry:StateDirectory"] = state;
        settings["Telemetry:PublishPeriodSeconds"] = "0.2";
        using IHost host = HostingTests.BuildHost(settings, TextWriter.Null);
        CancellationToken ct = TestContext.Current.CancellationToken;
        await host.StartAsync(ct);

        var received = new ConcurrentQueue<(string Topic, Payload Payload)>();
        await using var watcher = new MqttTransport(new MqttTransportOptions { Port = port, ClientId = "watcher", ReconnectInitialDelay = TimeSpan.FromMilliseconds(50) }, () => null);
        watcher.Subscribe("spBv1.0/#");
        watcher.MessageReceived += (topic, payload) => received.Enqueue((topic, Payload.Parser.ParseFrom(payload.Span)));
        watcher.Start();

        // The watcher may connect after the births: ask for a rebirth of each node by name, as a host application does.
        await Poll.UntilAsync(() => watcher.IsConnected, ct);
        foreach (string edge in new[] { "sim-link-1-alice", "sim-link-1-bob" })
        {
            var command = new Payload { Timestamp = 1 };
            command.Metrics.Add(new Payload.Types.Metric { Name = "Node Control/Rebirth", Datatype = 11, BooleanValue = true });
            watcher.Publish(new MqttOutgoingMessage($"spBv1.0/nodeagent/NCMD/{edge}", command.ToByteArray(), 1));
        }

        await Poll.UntilAsync(() => Aliases(received, "sim-link-1-bob").TryGetValue("Estimate/Secret length", out ulong alias)
            && received.Any(m => m.Topic == "spBv1.0/nodeagent/DDATA/sim-link-1-bob/link" && m.Payload.Metrics.Any(x => x.Alias == alias && x.DoubleValue > 0)), ct);

        Assert.Contains(received, m => m.Topic == "spBv1.0/nodeagent/NBIRTH/sim-link-1-alice" && m.Payload.Metrics.Any(x => x.Name == "bdSeq"));
        Assert.Contains(received, m => m.Topic == "spBv1.0/nodeagent/DBIRTH/sim-link-1-alice/link" && m.Payload.Metrics.Any(x => x.Name == "Estimate/Phase error upper"));
        Assert.Contains(received, m => m.Topic == "spBv1.0/nodeagent/NBIRTH/sim-link-1-bob" && m.Payload.Metrics.Any(x => x.Name == "Sync/State" && x.StringValue == "Locked"));
        await Poll.UntilAsync(() => received.Any(m => m.Topic == "spBv1.0/nodeagent/DBIRTH/sim-link-1-bob/channel-3"), ct);
        Dictionary<string, ulong> bob = Aliases(received, "sim-link-1-bob");
        await Poll.UntilAsync(() => received.Any(m => m.Topic.EndsWith("DDATA/sim-link-1-bob/link", StringComparison.Ordinal)
            && m.Payload.Metrics.Any(x => x.Alias == bob["Peer/Round trip ms"] && x.DoubleValue > 0)), ct);

        // Alice sees the background in her vacuum pulses: 4 detectors x 100 Hz x 2 ns = 8e-7 of dark counts plus
        // eta x mu_3 = 0.05 x 0.0002 = 1e-5 from the weakest intensity itself.
        ulong background = Aliases(received, "sim-link-1-alice")["Detectors/Background per pulse"];
        await Poll.UntilAsync(() => received.Any(m => m.Topic.EndsWith("DDATA/sim-link-1-alice/link", StringComparison.Ordinal)
            && m.Payload.Metrics.Any(x => x.Alias == background && x.DoubleValue is > 0 and < 1e-4)), ct);
        Assert.Contains(received, m => m.Topic.EndsWith("DDATA/sim-link-1-bob/link", StringComparison.Ordinal)
            && m.Payload.Metrics.Any(x => x.Alias == bob["QBER"] && x.DoubleValue is > 0.005 and < 0.05));

        await host.StopAsync(ct);
        await Poll.UntilAsync(() => received.Any(m => m.Topic == "spBv1.0/nodeagent/NDEATH/sim-link-1-alice"), ct);
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public void The_meter_observes_every_link_value_tagged_with_the_end()
    {
        using var store = SqliteKeyStore.OpenInMemory(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        using var instruments = new LinkInstruments([new LinkEnd("alice", new LinkEndStatistics(), store)]);
        var seen = new Dictionary<string, (double Value, string? End)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == instruments.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen[i.Name] = (v, End(tags)));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen[i.Name] = (v, End(tags)));
        listener.Start();
        instruments.CommandsRejected("alice", 2);
        listener.RecordObservableInstruments();

        Assert.Equal("NodeAgent", instruments.Meter.Name);
        foreach (string name in new[] { "nodeagent.link.detections", "nodeagent.link.sifted_bits", "nodeagent.link.secret_bits", "nodeagent.link.keys_stored" })
        {
            Assert.Equal((0, "alice"), seen[name]);
        }

        Assert.Equal((2, "alice"), seen["nodeagent.telemetry.commands_rejected"]);
        // Nothing measured yet: no QBER, efficiency or secret length rather than NaN.
        Assert.DoesNotContain("nodeagent.link.qber", seen.Keys);
        Assert.DoesNotContain("nodeagent.link.secret_length", seen.Keys);
    }

    private static string? End(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == "end")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static Dictionary<string, ulong> Aliases(IEnumerable<(string Topic, Payload Payload)> messages, string edge) =>
        messages.Where(m => m.Topic == $"spBv1.0/nodeagent/DBIRTH/{edge}/link")
            .SelectMany(m => m.Payload.Metrics)
            .GroupBy(x => x.Name)
            .ToDictionary(g => g.Key, g => g.Last().Alias);
}
