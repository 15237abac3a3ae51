using System.Text;
using NodeAgent.Telemetry.Mqtt;

namespace NodeAgent.Telemetry.Tests.Mqtt;

/// <summary>Short-fused transport settings for loopback tests.</summary>
internal static class TestTransports
{
    public static MqttTransportOptions Options(int port, string clientId, int capacity = 1000) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = clientId,
        KeepAlive = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(3),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
        OfflineBufferCapacity = capacity,
    };

    public static MqttOutgoingMessage Message(string topic, string payload, int qos = 1) =>
        new(topic, Encoding.UTF8.GetBytes(payload), qos);

    /// <summary>Counts <see cref="MqttTransport.Connected"/> events.</summary>
    public static Func<int> CountConnects(MqttTransport transport)
    {
        int count = 0;
        transport.Connected += (_, _) => Interlocked.Increment(ref count);
        return () => Volatile.Read(ref count);
    }
}
