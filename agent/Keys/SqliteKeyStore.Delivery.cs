using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NodeAgent.Keys;

// Key delivery: the master node claims keys of its lane, the peer node reserves the same keys for the slave SAE,
// then the master node takes them and hands them out. Claims live in memory only: a crash releases them, and the
// resynchronisation on reconnect removes whatever one side consumed and the other did not.
public sealed partial class SqliteKeyStore
{
    /// <summary>Available keys of a lane, minus those claimed by requests in progress.</summary>
    public int AvailableInLane(int lane)
    {
        lock (_lock)
        {
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM keys WHERE lane = $lane AND staged = 0";
            command.Parameters.AddWithValue("$lane", lane);
            long count = (long)command.ExecuteScalar()!;
            int claimedHere = 0;
            foreach (Guid id in _claimed)
            {
                claimedHere += LaneOf(id) == lane ? 1 : 0;
            }

            return (int)Math.Max(0, count - claimedHere);
        }
    }

    /// <summary>
    /// Claims the <paramref name="count"/> oldest available keys of <paramref name="lane"/> for one request, so no
    /// concurrent request can pick them; null (nothing claimed) if fewer are available.
    /// </summary>
    public IReadOnlyList<Guid>? Claim(int lane, int count)
    {
        lock (_lock)
        {
            var ids = new List<Guid>(count);
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT id FROM keys WHERE lane = $lane AND staged = 0 ORDER BY created, id LIMIT $n";
            command.Parameters.AddWithValue("$lane", lane);
            command.Parameters.AddWithValue("$n", count + _claimed.Count);
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (ids.Count < count && reader.Read())
                {
                    Guid id = IdFrom((byte[])reader[0]);
                    if (!_claimed.Contains(id))
                    {
                        ids.Add(id);
                    }
                }
            }

            if (ids.Count < count)
            {
                return null;
            }

            _claimed.UnionWith(ids);
            return ids;
        }
    }

    /// <summary>Gives claimed keys back (the request failed before anything was consumed).</summary>
    public void Release(IEnumerable<Guid> ids)
    {
        lock (_lock)
        {
            _claimed.ExceptWith(ids);
        }
    }

    /// <summary>
    /// Deletes the given store keys (claimed here) and returns the delivered keys composed from them, after the peer
    /// reserved the same keys: the master's answer to enc_keys. Null, and nothing deleted, if any key is gone.
    /// </summary>
    public byte[][]? TakeClaimed(IReadOnlyList<Guid> storeIds, IReadOnlyList<Guid> deliveryIds, int sizeBits, string masterSae, string slaveSae)
    {
        lock (_lock)
        {
            try
            {
                using SqliteTransaction tx = _db.BeginTransaction();
                List<byte[]>? materials = TakeStoreKeys(tx, storeIds);
                if (materials is null)
                {
                    return null;
                }

                byte[][] keys = KeyComposer.Compose(materials, deliveryIds.Count, sizeBits);
                foreach (Guid id in deliveryIds)
                {
                    Audit(tx, KeyLifecycleEvent.Delivered, id, null, masterSae, slaveSae);
                }

                tx.Commit();
                _available -= storeIds.Count;
                return keys;
            }
            finally
            {
                _claimed.ExceptWith(storeIds);
            }
        }
    }

    /// <summary>
    /// At the slave's node: deletes the given store keys and keeps the delivered keys composed from them for
    /// <paramref name="slaveSae"/>, all or nothing. Returns the IDs among <paramref name="storeIds"/> not available
    /// here (empty on success).
    /// </summary>
    public IReadOnlyList<Guid> Reserve(IReadOnlyList<Guid> storeIds, IReadOnlyList<Guid> deliveryIds, int sizeBits, string masterSae, string slaveSae)
    {
        lock (_lock)
        {
            var missing = new List<Guid>();
            foreach (Guid storeId in storeIds)
            {
                if (_claimed.Contains(storeId) || !IsAvailable(storeId))
                {
                    missing.Add(storeId);
                }
            }

            if (missing.Count > 0)
            {
                return missing;
            }

            using SqliteTransaction tx = _db.BeginTransaction();
            List<byte[]> materials = TakeStoreKeys(tx, storeIds)!;
            byte[][] keys = KeyComposer.Compose(materials, deliveryIds.Count, sizeBits);
            long now = Now();
            using SqliteCommand insert = _db.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO deliveries (id, master_sae, slave_sae, bits, created, sealed) VALUES ($id, $m, $s, $bits, $at, $sealed)";
            SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Blob);
            insert.Parameters.AddWithValue("$m", masterSae);
            insert.Parameters.AddWithValue("$s", slaveSae);
            insert.Parameters.AddWithValue("$bits", sizeBits);
            insert.Parameters.AddWithValue("$at", now);
            SqliteParameter sealedValue = insert.Parameters.Add("$sealed", SqliteType.Blob);
            try
            {
                for (int i = 0; i < keys.Length; i++)
                {
                    byte[] idBytes = IdBytes(deliveryIds[i]);
                    id.Value = idBytes;
                    sealedValue.Value = _sealer.Seal(keys[i], idBytes);
                    insert.ExecuteNonQuery();
                    Audit(tx, KeyLifecycleEvent.Reserved, deliveryIds[i], null, masterSae, slaveSae);
                }
            }
            finally
            {
                foreach (byte[] key in keys)
                {
                    CryptographicOperations.ZeroMemory(key);
                }
            }

            tx.Commit();
            _available -= storeIds.Count;
            return [];
        }
    }

    /// <summary>
    /// dec_keys: hands the keys reserved by <paramref name="masterSae"/> to <paramref name="callerSae"/> and deletes
    /// them, all or nothing. A key reserved for another SAE is <see cref="DeliveryOutcome.NotAuthorized"/> and stays
    /// where it is; one reserved by another master counts as not found.
    /// </summary>
    public DeliveryOutcome TakeDeliveries(IReadOnlyList<Guid> ids, string callerSae, string masterSae, out byte[][] keys)
    {
        keys = [];
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            var taken = new byte[ids.Count][];
            using SqliteCommand select = _db.CreateCommand();
            select.Transaction = tx;
            select.CommandText = "SELECT slave_sae, master_sae, sealed FROM deliveries WHERE id = $id";
            SqliteParameter id = select.Parameters.Add("$id", SqliteType.Blob);
            DeliveryOutcome outcome = DeliveryOutcome.Delivered;
            for (int i = 0; i < ids.Count && outcome == DeliveryOutcome.Delivered; i++)
            {
                byte[] idBytes = IdBytes(ids[i]);
                id.Value = idBytes;
                using SqliteDataReader reader = select.ExecuteReader();
                if (!reader.Read() || !string.Equals(reader.GetString(1), masterSae, StringComparison.Ordinal))
                {
                    outcome = DeliveryOutcome.NotFound;
                }
                else if (!string.Equals(reader.GetString(0), callerSae, StringComparison.Ordinal))
                {
                    outcome = DeliveryOutcome.NotAuthorized;
                }
                else
                {
                    taken[i] = _sealer.Open((byte[])reader[2], idBytes);
                    reader.Close();
                    Execute(tx, "DELETE FROM deliveries WHERE id = $id", ("$id", idBytes));
                    Audit(tx, KeyLifecycleEvent.Delivered, ids[i], null, callerSae, masterSae);
                }
            }

            if (outcome != DeliveryOutcome.Delivered)
            {
                foreach (byte[]? key in taken)
                {
                    if (key is not null)
                    {
                        CryptographicOperations.ZeroMemory(key);
                    }
                }

                tx.Rollback();
                return outcome;
            }

            tx.Commit();
            keys = taken;
            return outcome;
        }
    }

    /// <summary>Keys reserved here for slave SAEs and not yet fetched.</summary>
    public int ReservedCount()
    {
        lock (_lock)
        {
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM deliveries";
            return (int)(long)command.ExecuteScalar()!;
        }
    }

    private bool IsAvailable(Guid id)
    {
        using SqliteCommand command = _db.CreateCommand();
        command.CommandText = "SELECT 1 FROM keys WHERE id = $id AND staged = 0";
        command.Parameters.AddWithValue("$id", IdBytes(id));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Opens and deletes the store keys, in order; null if any is not available.</summary>
    private List<byte[]>? TakeStoreKeys(SqliteTransaction tx, IReadOnlyList<Guid> storeIds)
    {
        var materials = new List<byte[]>(storeIds.Count);
        using SqliteCommand select = _db.CreateCommand();
        select.Transaction = tx;
        select.CommandText = "SELECT sealed FROM keys WHERE id = $id AND staged = 0";
        SqliteParameter id = select.Parameters.Add("$id", SqliteType.Blob);
        using SqliteCommand delete = _db.CreateCommand();
        delete.Transaction = tx;
        delete.CommandText = "DELETE FROM keys WHERE id = $id";
        SqliteParameter deleteId = delete.Parameters.Add("$id", SqliteType.Blob);
        foreach (Guid key in storeIds)
        {
            byte[] idBytes = IdBytes(key);
            id.Value = idBytes;
            if (select.ExecuteScalar() is not byte[] sealedValue)
            {
                foreach (byte[] opened in materials)
                {
                    CryptographicOperations.ZeroMemory(opened);
                }

                _logger.LogWarning("Key store: key {KeyId} is no longer available", key);
                return null;
            }

            materials.Add(_sealer.Open(sealedValue, idBytes));
            deleteId.Value = idBytes;
            delete.ExecuteNonQuery();
        }

        return materials;
    }
}
