using NodeAgent.Node.Keys;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// Keys Bob has finished but not committed: he commits them only once he knows Alice has. If the session dies
/// between Alice's commit and his, Alice's next Hello tells him which way it went.
/// </summary>
internal sealed record PendingBlock(ulong Block, List<StoredKey> Keys);
