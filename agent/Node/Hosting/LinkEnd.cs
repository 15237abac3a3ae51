using NodeAgent.Keys;
using NodeAgent.Node.Pipeline;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Hosting;

/// <summary>One end of the link as reporters see it.</summary>
/// <param name="Name">"alice" or "bob".</param>
/// <param name="Statistics">Its counters.</param>
/// <param name="Store">Its key store.</param>
/// <param name="Authentication">Its authentication pads (null: not reported).</param>
public sealed record LinkEnd(string Name, LinkEndStatistics Statistics, SqliteKeyStore Store, IAuthenticationKeySource? Authentication = null)
{
    /// <summary>Pads this end has left to send with (null without <see cref="Authentication"/>).</summary>
    public long? AuthenticationPadsAvailable() =>
        Authentication?.PadsAvailable(Name == "alice" ? PadDirection.AliceToBob : PadDirection.BobToAlice);
}
