using System.Security.Cryptography;

namespace NodeAgent.Node.Keys;

/// <summary>
/// A key store in memory: the walking skeleton's store, replaced by the durable encrypted store of the key-delivery
/// work. Zeroes key bytes when disposed.
/// </summary>
public sealed class InMemoryKeyStore : IKeyStore, IDisposable
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<Guid, StoredKey> _keys = [];
    private ulong _lastCommittedBlock;

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _keys.Count;
            }
        }
    }

    /// <inheritdoc />
    public ulong LastCommittedBlock
    {
        get
        {
            lock (_lock)
            {
                return _lastCommittedBlock;
            }
        }
    }

    /// <inheritdoc />
    public void Commit(ulong block, IReadOnlyList<StoredKey> keys)
    {
        lock (_lock)
        {
            if (block <= _lastCommittedBlock)
            {
                throw new InvalidOperationException($"Block {block} is not newer than the last committed block {_lastCommittedBlock}.");
            }

            foreach (StoredKey key in keys)
            {
                if (_keys.ContainsKey(key.Id))
                {
                    throw new InvalidOperationException($"Key ID {key.Id} is already stored.");
                }
            }

            foreach (StoredKey key in keys)
            {
                _keys.Add(key.Id, key);
            }

            _lastCommittedBlock = block;
        }
    }

    /// <inheritdoc />
    public byte[] ComputeDigest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> id = stackalloc byte[16];
        lock (_lock)
        {
            foreach (StoredKey key in _keys.Values)
            {
                key.Id.TryWriteBytes(id, bigEndian: true, out _);
                hash.AppendData(id);
                hash.AppendData(key.Material);
            }
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The keys held, in ID order (the same objects: callers must not change them).</summary>
    public IReadOnlyList<StoredKey> Snapshot()
    {
        lock (_lock)
        {
            return [.. _keys.Values];
        }
    }

    /// <summary>Zeroes and forgets every key.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (StoredKey key in _keys.Values)
            {
                CryptographicOperations.ZeroMemory(key.Material);
            }

            _keys.Clear();
        }
    }
}
