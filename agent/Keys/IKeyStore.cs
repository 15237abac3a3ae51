namespace NodeAgent.Keys;

/// <summary>
/// What the distillation pipeline needs of a key store: committing blocks, and the staging that lets the two ends
/// agree on every block even if either crashes between its commit and the other's. Implementations are thread-safe.
/// </summary>
/// <remarks>
/// The commit protocol: Bob <see cref="Stage"/>s a verified block durably, then asks Alice to commit; Alice
/// <see cref="Commit"/>s and acknowledges; Bob <see cref="CommitStaged"/>. If the session dies in between, Alice's
/// next Hello states her last committed block and Bob commits or drops what he staged. So Alice holds a block only if
/// Bob holds it durably (staged or committed), and Bob commits only what Alice committed.
/// </remarks>
public interface IKeyStore
{
    /// <summary>Keys available for delivery (committed, not reserved or consumed).</summary>
    int Count { get; }

    /// <summary>Highest block committed (0 when none).</summary>
    ulong LastCommittedBlock { get; }

    /// <summary>The block staged and awaiting the peer's commit (0 when none).</summary>
    ulong StagedBlock { get; }

    /// <summary>
    /// Adds all keys of one block, and the pads set aside from it for authentication, atomically and durably; zeroes
    /// the given buffers.
    /// </summary>
    void Commit(ulong block, IReadOnlyList<StoredKey> keys, BlockPads? pads = null);

    /// <summary>Holds the keys of a block durably, not yet available, until <see cref="CommitStaged"/>; zeroes the buffers.</summary>
    void Stage(ulong block, IReadOnlyList<StoredKey> keys, BlockPads? pads = null);

    /// <summary>
    /// Authentication pads of a direction (0 Alice→Bob, 1 Bob→Alice) reserved for sending so far, gaps skipped not
    /// counted: a sender can tell how many pads it spends per block.
    /// </summary>
    long PadsReserved(int direction);

    /// <summary>Makes the staged block available; returns the number of keys it held.</summary>
    int CommitStaged(ulong block);

    /// <summary>Deletes the staged block (the peer never committed it); returns the number of keys dropped.</summary>
    int DropStaged(ulong block);

    /// <summary>
    /// SHA-256 over the IDs and bytes of the available keys in ID order: two stores with equal digests hold the same
    /// keys. The digest reveals nothing useful about the keys, so it may be logged; the keys themselves never are.
    /// </summary>
    byte[] ComputeDigest();
}
