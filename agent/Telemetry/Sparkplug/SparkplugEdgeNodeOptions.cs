namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>Configuration of a <see cref="SparkplugEdgeNode"/>.</summary>
public sealed class SparkplugEdgeNodeOptions
{
    /// <summary>The Sparkplug group id (no <c>+</c>, <c>/</c>, <c>#</c>).</summary>
    public required string GroupId { get; init; }

    /// <summary>The edge node id (no <c>+</c>, <c>/</c>, <c>#</c>); unique within the group.</summary>
    public required string EdgeNodeId { get; init; }

    /// <summary>
    /// The primary host application id. When set, the node subscribes to <c>spBv1.0/STATE/&lt;id&gt;</c>, births only
    /// after an online STATE, and asks to disconnect on an offline one. Null: birth on connect.
    /// </summary>
    public string? PrimaryHostId { get; init; }

    /// <summary>The shortest interval between two data publications by <see cref="SparkplugEdgeNode.Publish"/>.</summary>
    public TimeSpan MinimumPublishPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest NCMD/DCMD/STATE payload accepted, in bytes.</summary>
    public int MaxPayloadBytes { get; init; } = SparkplugPayloadCodec.DefaultMaxPayloadBytes;

    /// <summary>
    /// Data messages recorded while offline (after the first birth) and sent as historical metrics after the next
    /// birth, oldest first; beyond this the oldest are dropped and counted. 0 records nothing.
    /// </summary>
    public int HistoryCapacity { get; init; } = 1000;
}
