namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// The <c>message_type</c> element of a Sparkplug topic (Sparkplug 3.0.0, chapter 4, "message_type Element").
/// </summary>
public enum SparkplugMessageType
{
    /// <summary>Edge node birth certificate.</summary>
    NBirth,
    /// <summary>Edge node death certificate (the MQTT will).</summary>
    NDeath,
    /// <summary>Device birth certificate.</summary>
    DBirth,
    /// <summary>Device death certificate.</summary>
    DDeath,
    /// <summary>Edge node data.</summary>
    NData,
    /// <summary>Device data.</summary>
    DData,
    /// <summary>Command to an edge node.</summary>
    NCmd,
    /// <summary>Command to a device.</summary>
    DCmd,
    /// <summary>Host application state (<c>spBv1.0/STATE/&lt;host id&gt;</c>).</summary>
    State,
}
