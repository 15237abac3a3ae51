using NodeAgent.Operator.CommandLine;
using NodeAgent.Telemetry.Mqtt;

namespace NodeAgent.Operator.Commands;

/// <summary>
/// Opens an <see cref="MqttTransport"/> for a command: no will (the operator is not an edge node), the given
/// subscriptions, and a task that completes at the first connection.
/// </summary>
internal static class BrokerSession
{
    /// <summary>Creates (does not start) a transport subscribed to <paramref name="filters"/>.</summary>
    /// <exception cref="UsageException">The settings do not make a valid transport (e.g. an unreadable CA file).</exception>
    public static MqttTransport Create(BrokerSettings broker, string clientIdPrefix, IEnumerable<string> filters, out Task connected)
    {
        MqttTransport transport;
        try
        {
            transport = new MqttTransport(broker.ToTransportOptions(clientIdPrefix), () => null);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }

        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Connected += (_, _) => first.TrySetResult();
        foreach (string filter in filters)
        {
            transport.Subscribe(filter);
        }

        connected = first.Task;
        return transport;
    }
}
