namespace NodeAgent.Timing.Ptp;

/// <summary>How a datagram read as a reply to one GET.</summary>
public enum PtpReplyStatus
{
    /// <summary>A RESPONSE with the management TLV asked for; its data follows.</summary>
    Ok = 0,

    /// <summary>Not a well-formed management message (too short, wrong type or version, lengths that do not fit).</summary>
    Malformed = 1,

    /// <summary>A well-formed reply to some other request (an older sequence id, another management ID).</summary>
    Unrelated = 2,

    /// <summary>ptp4l answered with MANAGEMENT_ERROR_STATUS (e.g. the ID is not supported).</summary>
    ErrorStatus = 3,
}
