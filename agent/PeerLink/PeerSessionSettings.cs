namespace NodeAgent.PeerLink;

/// <summary>What both ends must agree on before they talk.</summary>
/// <param name="LinkId">Name of the link; both ends must carry the same.</param>
/// <param name="PreSharedKey">The authentication key shared out of band (at least 32 bytes).</param>
/// <param name="ExpectedPeerRole">"alice" or "bob": the role the other end must have.</param>
/// <param name="HandshakeTimeout">How long to wait for the peer's Hello.</param>
public sealed record PeerSessionSettings(
    string LinkId, ReadOnlyMemory<byte> PreSharedKey, string ExpectedPeerRole, TimeSpan HandshakeTimeout);
