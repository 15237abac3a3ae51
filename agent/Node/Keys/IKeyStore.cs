namespace NodeAgent.Node.Keys;

/// <summary>Where finished keys go. Implementations are thread-safe.</summary>
public interface IKeyStore
{
    /// <summary>Keys held.</summary>
    int Count { get; }

    /// <summary>Highest block committed (0 when none).</summary>
    ulong LastCommittedBlock { get; }

    /// <summary>Adds all keys of one block atomically; the store takes ownership of the key buffers.</summary>
    void Commit(ulong block, IReadOnlyList<StoredKey> keys);

    /// <summary>
    /// SHA-256 over the IDs and key bytes in ID order: two stores with equal digests hold the same keys. The digest
    /// reveals nothing useful about the keys, so it may be logged; the keys themselves never are.
    /// </summary>
    byte[] ComputeDigest();
}
