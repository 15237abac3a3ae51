namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>An MQTT publication the transport must make on behalf of the edge node (or register as its will).</summary>
/// <param name="Topic">The MQTT topic.</param>
/// <param name="Payload">The encoded Sparkplug B payload (owned by the receiver).</param>
/// <param name="QualityOfService">MQTT QoS: 1 for the NDEATH will, 0 for everything else (Sparkplug 3.0.0 ch. 6).</param>
/// <param name="Retain">The MQTT retain flag; false for every edge node message.</param>
public sealed record SparkplugMessage(string Topic, byte[] Payload, int QualityOfService, bool Retain);
