namespace NodeAgent.PeerLink;

/// <summary>The peer channel failed in a way the caller handles by discarding the block and reconnecting.</summary>
/// <remarks>Messages never include frame contents, which may carry key-related material.</remarks>
public sealed class PeerProtocolException : Exception
{
    public PeerProtocolException(PeerFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    /// <summary>What kind of failure this is.</summary>
    public PeerFailure Failure { get; }
}
