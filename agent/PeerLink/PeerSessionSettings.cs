using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.PeerLink;

/// <summary>What both ends must agree on before they talk.</summary>
/// <param name="LinkId">Name of the link; both ends must carry the same.</param>
/// <param name="KeySource">
/// The one-time pads that authenticate the frames, identical at both ends; one source per end, shared by all its
/// connections (it records the session starts already accepted).
/// </param>
/// <param name="ExpectedPeerRole">"alice" or "bob": the role the other end must have.</param>
/// <param name="HandshakeTimeout">How long to wait for the peer's Hello.</param>
public sealed record PeerSessionSettings(
    string LinkId, IAuthenticationKeySource KeySource, string ExpectedPeerRole, TimeSpan HandshakeTimeout)
{
    /// <summary>The pad pool this end sends with, from its role: Alice sends Alice→Bob, Bob sends Bob→Alice.</summary>
    public PadDirection SendDirection => ExpectedPeerRole switch
    {
        "bob" => PadDirection.AliceToBob,
        "alice" => PadDirection.BobToAlice,
        _ => throw new ArgumentException($"The expected peer role must be 'alice' or 'bob', was '{ExpectedPeerRole}'.", nameof(ExpectedPeerRole)),
    };

    /// <summary>The pad pool the peer sends with.</summary>
    public PadDirection ReceiveDirection => SendDirection == PadDirection.AliceToBob ? PadDirection.BobToAlice : PadDirection.AliceToBob;
}
