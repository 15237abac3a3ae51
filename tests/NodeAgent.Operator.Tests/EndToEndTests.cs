using NodeAgent.Operator.Commands;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Tests;

/// <summary>The CLI in-process against a real broker (MQTTnet's, on a free loopback port) and fake edge nodes.</summary>
public sealed class EndToEndTests
{
    private static readonly MetricDefinition s_targetRate = new("Settings/Target rate", SparkplugDataType.Double) { Writable = true };

    private static (ConsoleTarget Console, StringWriter Output, StringWriter Error) Capture()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new ConsoleTarget(output, error, IsTerminal: false, () => 100), output, error);
    }

    private static void DefineLink(SparkplugEdgeNode node)
    {
        node.AddMetric(new MetricDefinition("Properties/Role", SparkplugDataType.String), MetricValue.FromString("alice"));
        node.AddDevice("link",
        [
            (new MetricDefinition("Rates/Secret bits per second", SparkplugDataType.Double), MetricValue.FromDouble(248_200)),
            (new MetricDefinition("QBER", SparkplugDataType.Double), MetricValue.FromDouble(0.016)),
            (new MetricDefinition("Keys/Stored", SparkplugDataType.Int64), MetricValue.FromInt64(0)),
            (new MetricDefinition("Blocks/Accepted", SparkplugDataType.Int64), MetricValue.FromInt64(37)),
            (new MetricDefinition("Blocks/Discarded", SparkplugDataType.Int64), MetricValue.FromInt64(1)),
            (new MetricDefinition("Alarm", SparkplugDataType.String), MetricValue.FromString("QBER above the limit: possible eavesdropping")),
            (s_targetRate, MetricValue.FromDouble(0)),
        ]);
    }

    [Fact]
    public async Task Watch_once_shows_a_fake_edge_node_and_its_values()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        int port = FakeEdgeNode.FreePort();
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = port });
        await broker.StartAsync(ct);
        (ConsoleTarget console, StringWriter output, StringWriter error) = Capture();

        // The window covers connecting and the first births even under qemu on a loaded host (it failed at 1.5 s there).
        Task<int> watch = OperatorCli.RunAsync(["watch", "--broker", $"127.0.0.1:{port}", "--once", "--wait", "5"], console, TimeProvider.System, ct);
        await using (FakeEdgeNode fake = FakeEdgeNode.Start(port, SparkplugFixtures.Node, DefineLink))
        {
            // Births are not retained: repeat them (as a rebirth would) until the watcher has certainly subscribed.
            for (long keys = 1; !watch.IsCompleted; keys++)
            {
                fake.Node.Set("link", "Keys/Stored", MetricValue.FromInt64(11_960 + (keys % 30)));
                fake.RebirthAndPublish();
                await Task.WhenAny(watch, Task.Delay(100, ct));
            }
        }

        int exit = await watch;
        string frame = output.ToString();
        Assert.True(exit == 0, $"exit {exit}: {error}\n{frame}");
        Assert.Contains("nodeagent/sim-link-1-alice  ONLINE", frame, StringComparison.Ordinal);
        Assert.Contains("secret/s  248.2k", frame, StringComparison.Ordinal);
        Assert.Contains("QBER 1.60 %", frame, StringComparison.Ordinal);
        Assert.Contains("keys 119", frame, StringComparison.Ordinal);
        Assert.Contains("blocks 37 ok / 1 discarded", frame, StringComparison.Ordinal);
        Assert.Contains("ALARM: QBER above the limit", frame, StringComparison.Ordinal);
        Assert.Contains(" connected", frame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_writes_a_device_metric_and_prints_the_accepting_answer()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        int port = FakeEdgeNode.FreePort();
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = port });
        await broker.StartAsync(ct);
        SparkplugCommand? received = null;
        await using FakeEdgeNode fake = FakeEdgeNode.Start(port, "fake-node", DefineLink, command =>
        {
            received = command;
            return SparkplugCommandResult.Accept();
        });
        (ConsoleTarget console, StringWriter output, StringWriter error) = Capture();
        await fake.WaitConnectedAsync(ct);

        int exit = await OperatorCli.RunAsync(
            ["send", "--broker", $"127.0.0.1:{port}", "--node", "fake-node", "--device", "link", "Settings/Target rate=12.5"],
            console, TimeProvider.System, ct);

        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        Assert.Contains("fake-node: accepted Settings/Target rate = Double:12.5", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(12.5, received!.Value.Value.AsDouble());
        Assert.Equal("link", received.Value.DeviceId);
    }

    [Fact]
    public async Task Send_of_a_refused_node_command_prints_the_rejection_and_exits_1()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        int port = FakeEdgeNode.FreePort();
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = port });
        await broker.StartAsync(ct);
        await using FakeEdgeNode fake = FakeEdgeNode.Start(port, "fake-node", DefineLink, _ => SparkplugCommandResult.Reject("not now"));
        await fake.WaitConnectedAsync(ct);
        (ConsoleTarget console, StringWriter output, StringWriter error) = Capture();

        int exit = await OperatorCli.RunAsync(
            ["send", "--broker", $"127.0.0.1:{port}", "--node", "fake-node", "Properties/Role=bob"], console, TimeProvider.System, ct);

        Assert.True(exit == 1, $"exit {exit}: {error}\n{output}");
        Assert.Contains("fake-node: rejected Properties/Role: NotWritable", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_print_a_message_and_exit_2_without_a_stack_trace()
    {
        (ConsoleTarget console, StringWriter output, StringWriter error) = Capture();

        int exit = await OperatorCli.RunAsync(["watch", "--broker", "host:notaport"], console, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("nodeagent-ops: --broker 'host:notaport': port must be", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        (ConsoleTarget console, StringWriter output, _) = Capture();

        int exit = await OperatorCli.RunAsync(["help"], console, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        Assert.Contains("nodeagent-ops watch", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("exit codes", output.ToString(), StringComparison.Ordinal);
    }
}
