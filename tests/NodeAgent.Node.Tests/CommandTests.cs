using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeAgent.Node.Hosting;
using NodeAgent.Node.Tests.Support;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug.Protos;

namespace NodeAgent.Node.Tests;

/// <summary>Operator commands (NCMD/DCMD) end to end through the embedded broker.</summary>
public class CommandTests
{
    private const string Bob = "sim-link-1-bob";

    [Fact]
    public async Task Invalid_settings_are_rejected_with_a_reason_and_valid_ones_applied()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        int port = Poll.FreePort();
        string state = Directory.CreateTempSubdirectory("nodeagent-commands").FullName;
        Dictionary<string, string?> settings = LinkHarness.OperatingPointSettings();
        settings["Telemetry:Enabled"] = "true";
        settings["Telemetry:EmbeddedBrokerPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Telemetry:StateDirectory"] = state;
        settings["Telemetry:PublishPeriodSeconds"] = "0.1";
        using IHost host = HostingTests.BuildHost(settings, TextWriter.Null);
        await host.StartAsync(ct);
        TelemetryService telemetry = host.Services.GetRequiredService<TelemetryService>();
        NodeRuntime runtime = host.Services.GetRequiredService<NodeRuntime>();

        var received = new ConcurrentQueue<(string Topic, Payload Payload)>();
        await using var watcher = new MqttTransport(new MqttTransportOptions { Port = port, ClientId = "operator", ReconnectInitialDelay = TimeSpan.FromMilliseconds(50) }, () => null);
        watcher.Subscribe("spBv1.0/#");
        watcher.MessageReceived += (topic, payload) => received.Enqueue((topic, Payload.Parser.ParseFrom(payload.Span)));
        watcher.Start();
        await Poll.UntilAsync(() => watcher.IsConnected, ct);
        Send(watcher, "NCMD", new Payload.Types.Metric { Name = "Node Control/Rebirth", Datatype = 11, BooleanValue = true });
        await Poll.UntilAsync(() => received.Any(m => m.Topic == $"spBv1.0/nodeagent/DBIRTH/{Bob}/link"), ct);

        Send(watcher, "DCMD", new Payload.Types.Metric { Name = "Settings/QBER alarm threshold", Datatype = 10, DoubleValue = 2.0 });
        await Poll.UntilAsync(() => LastCommand(received, "DDATA").Contains("rejected Settings/QBER alarm threshold: HandlerRejected (must be between 0 and 0.5, was 2)", StringComparison.Ordinal), ct);
        Send(watcher, "NCMD", new Payload.Types.Metric { Name = "Settings/Publish period", Datatype = 10, DoubleValue = 0.01 });
        await Poll.UntilAsync(() => LastCommand(received, "NDATA").Contains("rejected Settings/Publish period", StringComparison.Ordinal), ct);
        Send(watcher, "DCMD", new Payload.Types.Metric { Name = "Settings/Key rate target", Datatype = 12, StringValue = "fast" });
        await Poll.UntilAsync(() => LastCommand(received, "DDATA").Contains("WrongDataType", StringComparison.Ordinal), ct);
        Assert.Equal(0.1, telemetry.PublishPeriodSeconds);
        ulong threshold = Alias(received, "DBIRTH", "Settings/QBER alarm threshold");
        Assert.DoesNotContain(received, m => m.Payload.Metrics.Any(x => x.Alias == threshold && x.DoubleValue == 2.0));
        ulong rejected = Alias(received, "NBIRTH", "Commands/Rejected");
        await Poll.UntilAsync(() => received.Any(m => m.Topic == $"spBv1.0/nodeagent/NDATA/{Bob}" && m.Payload.Metrics.Any(x => x.Alias == rejected && x.LongValue == 3)), ct);

        Send(watcher, "DCMD", new Payload.Types.Metric { Name = "Settings/QBER alarm threshold", Datatype = 10, DoubleValue = 0.05 });
        await Poll.UntilAsync(() => received.Any(m => m.Topic == $"spBv1.0/nodeagent/DDATA/{Bob}/link" && m.Payload.Metrics.Any(x => x.Alias == threshold && x.DoubleValue == 0.05)), ct);
        Send(watcher, "NCMD", new Payload.Types.Metric { Name = "Settings/Publish period", Datatype = 10, DoubleValue = 0.2 });
        await Poll.UntilAsync(() => telemetry.PublishPeriodSeconds == 0.2, ct);

        Send(watcher, "DCMD", new Payload.Types.Metric { Name = "Link/Running", Datatype = 11, BooleanValue = false });
        await Poll.UntilAsync(() => !runtime.IsRunning, ct);
        Send(watcher, "DCMD", new Payload.Types.Metric { Name = "Link/Running", Datatype = 11, BooleanValue = true });
        await Poll.UntilAsync(() => runtime.IsRunning && LastCommand(received, "DDATA").Contains("accepted Link/Running", StringComparison.Ordinal), ct);

        await host.StopAsync(ct);
        Directory.Delete(state, recursive: true);
    }

    private static void Send(MqttTransport watcher, string type, Payload.Types.Metric metric)
    {
        var command = new Payload { Timestamp = 1 };
        command.Metrics.Add(metric);
        string topic = type == "NCMD" ? $"spBv1.0/nodeagent/NCMD/{Bob}" : $"spBv1.0/nodeagent/DCMD/{Bob}/link";
        watcher.Publish(new MqttOutgoingMessage(topic, command.ToByteArray(), 1));
    }

    // Bob's node topics, or those of his device "link" (his detector channels are devices too).
    private static string TopicOf(string type) => type is "NBIRTH" or "NDATA" ? $"spBv1.0/nodeagent/{type}/{Bob}" : $"spBv1.0/nodeagent/{type}/{Bob}/link";

    private static ulong Alias(IEnumerable<(string Topic, Payload Payload)> messages, string birth, string name) =>
        messages.Where(m => m.Topic == TopicOf(birth))
            .SelectMany(m => m.Payload.Metrics).Last(x => x.Name == name).Alias;

    private static string LastCommand(ConcurrentQueue<(string Topic, Payload Payload)> received, string data)
    {
        string birth = data == "NDATA" ? "NBIRTH" : "DBIRTH";
        string name = data == "NDATA" ? "Node Control/Last Command" : "Device Control/Last Command";
        if (!received.Any(m => m.Topic == TopicOf(birth)))
        {
            return "";
        }

        ulong alias = Alias(received, birth, name);
        return string.Join("\n", received.Where(m => m.Topic == TopicOf(data))
            .SelectMany(m => m.Payload.Metrics).Where(x => x.Alias == alias).Select(x => x.StringValue));
    }
}
