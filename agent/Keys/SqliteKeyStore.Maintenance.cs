using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NodeAgent.Keys;

// Resynchronisation with the peer, expiry, and reading the audit log.
public sealed partial class SqliteKeyStore
{
    /// <summary>
    /// Per block up to <paramref name="upToBlock"/>: how many keys are available and a hash of their IDs (no key
    /// bytes), for comparing with the peer cheaply. Keys claimed by requests in progress count as held.
    /// </summary>
    public IReadOnlyList<(ulong Block, int Count, ulong IdHash)> BlockSummaries(ulong upToBlock)
    {
        var summaries = new List<(ulong, int, ulong)>();
        lock (_lock)
        {
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT block, id FROM keys WHERE staged = 0 AND block <= $b ORDER BY block, id";
            command.Parameters.AddWithValue("$b", (long)upToBlock);
            using SqliteDataReader reader = command.ExecuteReader();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> digest = stackalloc byte[32];
            long current = -1;
            int count = 0;
            while (reader.Read())
            {
                long block = reader.GetInt64(0);
                if (block != current && current >= 0)
                {
                    hash.GetHashAndReset(digest);
                    summaries.Add(((ulong)current, count, BinaryPrimitives.ReadUInt64BigEndian(digest)));
                    count = 0;
                }

                current = block;
                count++;
                hash.AppendData((byte[])reader[1]);
            }

            if (current >= 0)
            {
                hash.GetHashAndReset(digest);
                summaries.Add(((ulong)current, count, BinaryPrimitives.ReadUInt64BigEndian(digest)));
            }
        }

        return summaries;
    }

    /// <summary>IDs of the available keys of the given blocks.</summary>
    public IReadOnlyList<Guid> IdsInBlocks(IReadOnlyCollection<ulong> blocks)
    {
        var ids = new List<Guid>();
        lock (_lock)
        {
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT id FROM keys WHERE staged = 0 AND block = $b";
            SqliteParameter block = command.Parameters.Add("$b", SqliteType.Integer);
            foreach (ulong b in blocks)
            {
                block.Value = (long)b;
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    ids.Add(IdFrom((byte[])reader[0]));
                }
            }
        }

        return ids;
    }

    /// <summary>
    /// Deletes the available keys of <paramref name="blocks"/> that the peer does not hold: it consumed them (this end
    /// crashed before doing the same) or expired them. Returns how many were dropped.
    /// </summary>
    public int Resynchronise(IReadOnlyCollection<ulong> blocks, IReadOnlySet<Guid> peerIds)
    {
        int dropped;
        lock (_lock)
        {
            var extra = IdsInBlocks(blocks).Where(id => !peerIds.Contains(id)).ToList();
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
            _claimed.ExceptWith(extra);
            dropped = extra.Count;
        }

        _logger.LogWarning("Key store: {Count} keys the peer no longer holds were dropped", dropped);
        return dropped;
    }

    /// <summary>Deletes the given available keys (the peer reported them gone).</summary>
    public int Forget(IReadOnlyCollection<Guid> ids)
    {
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            int count = 0;
            foreach (Guid id in ids)
            {
                int deleted = Execute(tx, "DELETE FROM keys WHERE id = $id AND staged = 0", ("$id", IdBytes(id)));
                if (deleted > 0)
                {
                    Audit(tx, KeyLifecycleEvent.Dropped, id, null, null, null);
                }

                count += deleted;
            }

            tx.Commit();
            _available -= count;
            _claimed.ExceptWith(ids);
            return count;
        }
    }

    /// <summary>Deletes available keys, unfetched reservations and authentication pads older than <paramref name="lifetime"/>.</summary>
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

            // A receiver cannot tell when its peer has spent a pad (a connection may use a batch it reserved long
            // ago), so the pads of the direction it reads from go with the keys' lifetime.
            Execute(tx, "DELETE FROM pads WHERE staged = 0 AND created < $cut", ("$cut", cutoff));
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
