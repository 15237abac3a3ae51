namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// One message handed to <see cref="MqttTransport.Publish"/>, or returned by the will factory for the CONNECT packet.
/// </summary>
/// <param name="Topic">The topic name (no wildcards).</param>
/// <param name="Payload">The payload bytes; the transport does not copy them, so the caller must not change them
/// after handing the message over.</param>
/// <param name="QoS">Quality of service, 0 (at most once) or 1 (at least once).</param>
/// <param name="Retain">Whether the broker keeps the message as the topic's retained message.</param>
public sealed record MqttOutgoingMessage(string Topic, ReadOnlyMemory<byte> Payload, int QoS = 0, bool Retain = false);
