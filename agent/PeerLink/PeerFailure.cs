namespace NodeAgent.PeerLink;

/// <summary>Why the classical channel to the peer failed; each kind has its own counter.</summary>
public enum PeerFailure
{
    /// <summary>A frame's authentication tag did not verify: wrong pre-shared key, or tampering.</summary>
    Authentication,

    /// <summary>A frame decoded to something that is not a valid message, or a message out of place.</summary>
    Malformed,

    /// <summary>A frame announced a length outside the allowed range.</summary>
    Oversized,

    /// <summary>The peer closed the connection, possibly mid-frame.</summary>
    Closed,

    /// <summary>The peer did not answer in time.</summary>
    Timeout,

    /// <summary>The peer speaks another protocol version, or belongs to another link or role.</summary>
    Incompatible,

    /// <summary>A frame's sequence number was not the next expected one (replay, reordering or loss).</summary>
    OutOfSequence,

    /// <summary>The peer aborted the block with a reason.</summary>
    PeerAborted,
}
