namespace NodeAgent.PeerLink.Authentication;

/// <summary>
/// Which way a frame travels. Each direction has its own pool of one-time pads, so the two ends never spend the same
/// pad, and a frame reflected back to its sender is checked against a pad of the other pool.
/// </summary>
public enum PadDirection
{
    /// <summary>Frames Alice sends (she reserves, Bob reads).</summary>
    AliceToBob,

    /// <summary>Frames Bob sends (he reserves, Alice reads).</summary>
    BobToAlice,
}
