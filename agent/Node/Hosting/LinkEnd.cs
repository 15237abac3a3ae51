using NodeAgent.Keys;
using NodeAgent.Node.Pipeline;

namespace NodeAgent.Node.Hosting;

/// <summary>One end of the link as reporters see it.</summary>
/// <param name="Name">"alice" or "bob".</param>
/// <param name="Statistics">Its counters.</param>
/// <param name="Store">Its key store.</param>
public sealed record LinkEnd(string Name, LinkEndStatistics Statistics, SqliteKeyStore Store);
