namespace NodeAgent.Telemetry.Mqtt;

/// <summary>A snapshot of the counters of one <see cref="MqttTransport"/> since it was created.</summary>
/// <param name="Connects">Successful connections (CONNACK accepted).</param>
/// <param name="Disconnects">Connections lost or closed after having been established.</param>
/// <param name="Published">Messages the broker accepted (QoS 1: PUBACK received; QoS 0: written to the socket).</param>
/// <param name="Dropped">Messages lost: pushed out of the full offline buffer, too large, or refused by the broker.</param>
/// <param name="Received">Messages received on subscribed topics.</param>
/// <param name="Buffered">Messages waiting in the offline buffer at the time of the snapshot.</param>
/// <param name="LastError">The last connection or publish error, or null when none occurred.</param>
public sealed record MqttTransportStatistics(
    long Connects,
    long Disconnects,
    long Published,
    long Dropped,
    long Received,
    int Buffered,
    string? LastError);
