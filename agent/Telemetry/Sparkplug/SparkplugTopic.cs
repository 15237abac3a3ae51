using System.Diagnostics.CodeAnalysis;

namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// A parsed Sparkplug B topic. Two shapes exist (Sparkplug 3.0.0, chapter 4):
/// <code>
///   spBv1.0/&lt;group&gt;/&lt;NBIRTH|NDEATH|NDATA|NCMD&gt;/&lt;edge node&gt;
///   spBv1.0/&lt;group&gt;/&lt;DBIRTH|DDEATH|DDATA|DCMD&gt;/&lt;edge node&gt;/&lt;device&gt;
///   spBv1.0/STATE/&lt;host id&gt;
/// </code>
/// Every id is a non-empty UTF-8 string without <c>+</c>, <c>/</c> or <c>#</c>. Immutable.
/// </summary>
public sealed record SparkplugTopic
{
    /// <summary>The namespace element for Sparkplug B payloads.</summary>
    public const string Namespace = "spBv1.0";

    private SparkplugTopic(SparkplugMessageType messageType, string? groupId, string? edgeNodeId, string? deviceId, string? hostId)
    {
        MessageType = messageType;
        GroupId = groupId;
        EdgeNodeId = edgeNodeId;
        DeviceId = deviceId;
        HostId = hostId;
    }

    /// <summary>The message type.</summary>
    public SparkplugMessageType MessageType { get; }

    /// <summary>The group id; null for STATE.</summary>
    public string? GroupId { get; }

    /// <summary>The edge node id; null for STATE.</summary>
    public string? EdgeNodeId { get; }

    /// <summary>The device id of D* messages; otherwise null.</summary>
    public string? DeviceId { get; }

    /// <summary>The host application id of STATE; otherwise null.</summary>
    public string? HostId { get; }

    /// <summary>Whether the message type addresses a device (DBIRTH, DDEATH, DDATA, DCMD).</summary>
    public static bool IsDeviceMessage(SparkplugMessageType type) =>
        type is SparkplugMessageType.DBirth or SparkplugMessageType.DDeath or SparkplugMessageType.DData or SparkplugMessageType.DCmd;

    /// <summary>Whether <paramref name="id"/> is a valid group, edge node, device or host id.</summary>
    public static bool IsValidId([NotNullWhen(true)] string? id) =>
        !string.IsNullOrEmpty(id) && id.AsSpan().IndexOfAny('+', '/', '#') < 0;

    /// <summary>An edge node topic (NBIRTH, NDEATH, NDATA, NCMD).</summary>
    /// <exception cref="ArgumentException">An id is invalid or the type needs a device.</exception>
    public static SparkplugTopic ForNode(string groupId, SparkplugMessageType type, string edgeNodeId)
    {
        if (type == SparkplugMessageType.State || IsDeviceMessage(type))
        {
            throw new ArgumentException($"{type} is not an edge node message type.", nameof(type));
        }

        RequireId(groupId, nameof(groupId));
        RequireId(edgeNodeId, nameof(edgeNodeId));
        return new SparkplugTopic(type, groupId, edgeNodeId, null, null);
    }

    /// <summary>A device topic (DBIRTH, DDEATH, DDATA, DCMD).</summary>
    /// <exception cref="ArgumentException">An id is invalid or the type is not a device type.</exception>
    public static SparkplugTopic ForDevice(string groupId, SparkplugMessageType type, string edgeNodeId, string deviceId)
    {
        if (!IsDeviceMessage(type))
        {
            throw new ArgumentException($"{type} is not a device message type.", nameof(type));
        }

        RequireId(groupId, nameof(groupId));
        RequireId(edgeNodeId, nameof(edgeNodeId));
        RequireId(deviceId, nameof(deviceId));
        return new SparkplugTopic(type, groupId, edgeNodeId, deviceId, null);
    }

    /// <summary>The STATE topic of a host application.</summary>
    /// <exception cref="ArgumentException">The host id is invalid.</exception>
    public static SparkplugTopic ForState(string hostId)
    {
        RequireId(hostId, nameof(hostId));
        return new SparkplugTopic(SparkplugMessageType.State, null, null, null, hostId);
    }

    /// <summary>Parses a topic; false (never an exception) for anything that is not a well-formed Sparkplug B topic.</summary>
    public static bool TryParse(string? topic, [NotNullWhen(true)] out SparkplugTopic? result)
    {
        result = null;
        if (topic is null)
        {
            return false;
        }

        string[] parts = topic.Split('/');
        if (parts.Length < 3 || parts[0] != Namespace)
        {
            return false;
        }

        if (parts[1] == "STATE" && parts.Length == 3)
        {
            if (!IsValidId(parts[2]))
            {
                return false;
            }

            result = new SparkplugTopic(SparkplugMessageType.State, null, null, null, parts[2]);
            return true;
        }

        if (parts.Length is < 4 or > 5 || !TryParseType(parts[2], out SparkplugMessageType type)
            || !IsValidId(parts[1]) || !IsValidId(parts[3]))
        {
            return false;
        }

        bool device = IsDeviceMessage(type);
        if (device != (parts.Length == 5) || (device && !IsValidId(parts[4])))
        {
            return false;
        }

        result = new SparkplugTopic(type, parts[1], parts[3], device ? parts[4] : null, null);
        return true;
    }

    /// <summary>The topic string.</summary>
    public override string ToString() => MessageType switch
    {
        SparkplugMessageType.State => $"{Namespace}/STATE/{HostId}",
        _ when DeviceId is null => $"{Namespace}/{GroupId}/{TypeToken(MessageType)}/{EdgeNodeId}",
        _ => $"{Namespace}/{GroupId}/{TypeToken(MessageType)}/{EdgeNodeId}/{DeviceId}",
    };

    /// <summary>The upper-case token of a message type as it appears in topics (e.g. <c>NBIRTH</c>).</summary>
    public static string TypeToken(SparkplugMessageType type) => type switch
    {
        SparkplugMessageType.NBirth => "NBIRTH",
        SparkplugMessageType.NDeath => "NDEATH",
        SparkplugMessageType.DBirth => "DBIRTH",
        SparkplugMessageType.DDeath => "DDEATH",
        SparkplugMessageType.NData => "NDATA",
        SparkplugMessageType.DData => "DDATA",
        SparkplugMessageType.NCmd => "NCMD",
        SparkplugMessageType.DCmd => "DCMD",
        SparkplugMessageType.State => "STATE",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static bool TryParseType(string token, out SparkplugMessageType type)
    {
        switch (token)
        {
            case "NBIRTH": type = SparkplugMessageType.NBirth; return true;
            case "NDEATH": type = SparkplugMessageType.NDeath; return true;
            case "DBIRTH": type = SparkplugMessageType.DBirth; return true;
            case "DDEATH": type = SparkplugMessageType.DDeath; return true;
            case "NDATA": type = SparkplugMessageType.NData; return true;
            case "DDATA": type = SparkplugMessageType.DData; return true;
            case "NCMD": type = SparkplugMessageType.NCmd; return true;
            case "DCMD": type = SparkplugMessageType.DCmd; return true;
            default: type = default; return false;
        }
    }

    private static void RequireId(string id, string parameter)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException("A Sparkplug id must be non-empty and contain none of '+', '/', '#'.", parameter);
        }
    }
}
