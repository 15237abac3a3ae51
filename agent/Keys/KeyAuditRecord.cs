namespace NodeAgent.Keys;

/// <summary>One line of the audit log: never key bytes, only what happened to which ID and for whom.</summary>
/// <param name="Sequence">Position in the log (increasing).</param>
/// <param name="At">When, by the node's clock.</param>
/// <param name="Event">What happened.</param>
/// <param name="KeyId">The key (a store key, or a delivered ETSI key).</param>
/// <param name="Block">The distillation block, where known.</param>
/// <param name="Sae">The SAE concerned (master for enc_keys and reservations, slave for dec_keys).</param>
/// <param name="PeerSae">The other SAE of a delivery.</param>
public sealed record KeyAuditRecord(long Sequence, DateTimeOffset At, KeyLifecycleEvent Event, Guid KeyId, ulong? Block, string? Sae, string? PeerSae);
