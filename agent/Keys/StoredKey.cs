namespace NodeAgent.Keys;

/// <summary>A store-sized key with the ID both ends know it by.</summary>
/// <param name="Id">Key ID, identical at both ends (chosen by Alice, a random UUID).</param>
/// <param name="Block">The distillation block it came from.</param>
/// <param name="Material">The key bytes. Owned by whoever holds the record, who zeroes them when done.</param>
public sealed record StoredKey(Guid Id, ulong Block, byte[] Material);
