namespace NodeAgent.PeerLink;

/// <summary>Why the classical channel to the peer failed; each kind has its own counter.</summary>
public enum PeerFailure
{
    /// <summary>A frame's authentication tag did not verify: different key material at the two ends, or tampering.</summary>
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

    /// <summary>An authentic frame's sequence number was not the next expected one (reordering or loss).</summary>
    OutOfSequence,

    /// <summary>The peer aborted the block with a reason.</summary>
    PeerAborted,

    /// <summary>
    /// A frame reused an authentication pad index already accepted in its connection, or a Hello started a session
    /// at a pad already accepted (a replayed frame or Hello, possibly from before a restart).
    /// </summary>
    Replay,

    /// <summary>A frame named authentication pads this end does not hold: the pools are out of step, or a forged header.</summary>
    PadsNotHeld,

    /// <summary>This end has no unused authentication pads left to send with (the pool needs replenishing).</summary>
    KeyExhausted,
}
