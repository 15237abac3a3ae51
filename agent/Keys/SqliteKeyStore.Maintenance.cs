using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NodeAgent.Keys;

// Resynchronisation with the peer, expiry, and reading the audit log.
public sealed partial class SqliteKeyStore
{
    /// <summary>IDs of the available keys of blocks up to <paramref name="upToBlock"/>, in ID order.</summary>
    public IReadOnlyList<Guid> AvailableIds(ulong upToBlock)
    {
        lock (_lock)
        {
            var ids = new List<Guid>(_available);
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT id FROM keys WHERE staged = 0 AND block <= $b ORDER BY id";
            command.Parameters.AddWithValue("$b", (long)upToBlock);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                Guid id = IdFrom((byte[])reader[0]);
                if (!_claimed.Contains(id))
                {
                    ids.Add(id);
                }
            }

            return ids;
        }
    }

    /// <summary>
    /// Deletes the available keys of blocks up to <paramref name="upToBlock"/> that the peer does not hold: it
    /// consumed them (this end crashed before doing the same) or expired them. Returns how many were dropped.
    /// </summary>
    public int Resynchronise(ulong upToBlock, IReadOnlySet<Guid> peerIds)
    {
        List<Guid> extra = [];
        lock (_lock)
        {
            foreach (Guid id in AvailableIds(upToBlock))
            {
                if (!peerIds.Contains(id))
                {
                    extra.Add(id);
                }
            }

            if (extra.Count == 0)
            {
                return 0;
            }

            using SqliteTransaction tx = _db.BeginTransaction();
            foreach (Guid id in extra)
            {
                Execute(tx, "DELETE FROM keys WHERE id = $id", ("$id", IdBytes(id)));
                Audit(tx, KeyLifecycleEvent.Dropped, id, null, null, null);
            }

            tx.Commit();
            _available -= extra.Count;
        }

        _logger.LogWarning("Key store: {Count} keys the peer no longer holds were dropped", extra.Count);
        return extra.Count;
    }

    /// <summary>Deletes available keys and unfetched reservations older than <paramref name="lifetime"/>.</summary>
    public int Expire(TimeSpan lifetime)
    {
        long cutoff = (_time.GetUtcNow() - lifetime).ToUnixTimeMilliseconds();
        int expired;
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            Execute(tx, "INSERT INTO audit (at, event, key_id, block) SELECT $at, $e, id, block FROM keys WHERE staged = 0 AND created < $cut",
                ("$at", Now()), ("$e", (long)KeyLifecycleEvent.Expired), ("$cut", cutoff));
            Execute(tx, "INSERT INTO audit (at, event, key_id, sae, peer_sae) SELECT $at, $e, id, slave_sae, master_sae FROM deliveries WHERE created < $cut",
                ("$at", Now()), ("$e", (long)KeyLifecycleEvent.Expired), ("$cut", cutoff));
            int keys = Execute(tx, "DELETE FROM keys WHERE staged = 0 AND created < $cut", ("$cut", cutoff));
            expired = keys + Execute(tx, "DELETE FROM deliveries WHERE created < $cut", ("$cut", cutoff));
            tx.Commit();
            _available -= keys;
        }

        if (expired > 0)
        {
            _logger.LogInformation("Key store: {Count} keys expired", expired);
        }

        return expired;
    }

    /// <summary>The audit log after <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/> lines.</summary>
    public IReadOnlyList<KeyAuditRecord> ReadAudit(long afterSequence = 0, int max = 1000)
    {
        lock (_lock)
        {
            var records = new List<KeyAuditRecord>();
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT seq, at, event, key_id, block, sae, peer_sae FROM audit WHERE seq > $after ORDER BY seq LIMIT $max";
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$max", max);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(new KeyAuditRecord(
                    reader.GetInt64(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    (KeyLifecycleEvent)reader.GetInt64(2),
                    IdFrom((byte[])reader[3]),
                    reader.IsDBNull(4) ? null : (ulong)reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }

            return records;
        }
    }
}
