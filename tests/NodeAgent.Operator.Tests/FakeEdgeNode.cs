using System.Net;
using System.Net.Sockets;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Tests;

/// <summary>
/// A Sparkplug edge node on a real MQTT connection, wired as the agent's TelemetryService wires it: the will from
/// <see cref="SparkplugEdgeNode.CreateWill"/>, births on connect, commands answered on the transport's thread.
/// </summary>
internal sealed class FakeEdgeNode : IAsyncDisposable
{
    private FakeEdgeNode(SparkplugEdgeNode node, MqttTransport transport)
    {
        Node = node;
        Transport = transport;
    }

    public SparkplugEdgeNode Node { get; }

    public MqttTransport Transport { get; }

    public static FakeEdgeNode Start(int port, string edgeNodeId, Action<SparkplugEdgeNode> define, SparkplugCommandHandler? handler = null)
    {
        var node = new SparkplugEdgeNode(
            new SparkplugEdgeNodeOptions { GroupId = SparkplugFixtures.Group, EdgeNodeId = edgeNodeId, MinimumPublishPeriod = TimeSpan.Zero },
            new InMemoryBdSeqStore());
        define(node);
        node.CommandHandler = handler;
        var transport = new MqttTransport(
            new MqttTransportOptions { Host = "127.0.0.1", Port = port, ClientId = $"fake-{edgeNodeId}", ReconnectInitialDelay = TimeSpan.FromMilliseconds(100) },
            () => Mqtt(node.CreateWill()));
        foreach (string filter in node.Subscriptions)
        {
            transport.Subscribe(filter);
        }

        transport.Connected += (_, _) =>
        {
            foreach (SparkplugMessage message in node.OnConnected())
            {
                transport.PublishFirst(Mqtt(message));
            }
        };
        transport.Disconnected += (_, _) => node.OnDisconnected();
        transport.MessageReceived += (topic, payload) =>
        {
            foreach (SparkplugMessage message in node.OnMessageReceived(topic, payload.Span))
            {
                transport.Publish(Mqtt(message));
            }
        };
        transport.Start();
        return new FakeEdgeNode(node, transport);
    }

    /// <summary>Publishes the births again (as a rebirth request would) and then whatever data changed.</summary>
    /// <summary>Waits until the node is connected with its command subscriptions in place.</summary>
    public async Task WaitConnectedAsync(CancellationToken ct)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Transport.IsConnected)
        {
            Assert.True(DateTime.UtcNow < deadline, "the fake edge node did not connect in 30 s");
            await Task.Delay(20, ct);
        }
    }

    public void RebirthAndPublish()
    {
        foreach (SparkplugMessage message in Node.Rebirth().Concat(Node.Publish(DateTimeOffset.UtcNow)))
        {
            Transport.Publish(Mqtt(message));
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync() => await Transport.DisposeAsync();

    private static MqttOutgoingMessage Mqtt(SparkplugMessage message) =>
        new(message.Topic, message.Payload, message.QualityOfService, message.Retain);
}
