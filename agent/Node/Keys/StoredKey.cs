namespace NodeAgent.Node.Keys;

/// <summary>A delivered-size key with the ID both ends know it by.</summary>
/// <param name="Id">Key ID, identical at both ends (chosen by Alice, a random UUID).</param>
/// <param name="Block">The distillation block it came from.</param>
/// <param name="Material">The key bytes. Owned by the store, which zeroes them when the key leaves.</param>
public sealed record StoredKey(Guid Id, ulong Block, byte[] Material);
