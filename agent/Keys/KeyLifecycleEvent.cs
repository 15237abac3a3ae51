namespace NodeAgent.Keys;

/// <summary>What happened to a key, as the audit log records it.</summary>
public enum KeyLifecycleEvent
{
    /// <summary>Committed from a distilled block.</summary>
    Distilled,

    /// <summary>Dropped because the peer never committed its block, or does not hold it (resynchronisation).</summary>
    Dropped,

    /// <summary>Set aside at this node for a slave SAE, at the request of the peer node's master SAE.</summary>
    Reserved,

    /// <summary>Handed to an SAE (enc_keys to the master, dec_keys to the slave).</summary>
    Delivered,

    /// <summary>Deleted because it was older than the configured lifetime.</summary>
    Expired,
}
