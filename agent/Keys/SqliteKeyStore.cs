using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NodeAgent.Keys;

/// <summary>
/// The durable key store: one SQLite database in WAL mode with synchronous commits, every key sealed with AES-GCM
/// under the node master key (its ID as associated data), key IDs as random UUIDs.
/// </summary>
/// <remarks>
/// Every change is one SQLite transaction, so a process killed at any instant leaves either the old or the new state
/// on disk, never a half-committed block or a half-served request. One connection under a lock serialises writers;
/// the store is far from the hot path (a block commit every few seconds, key requests at hundreds per second).
/// Keys are assigned to a lane by their ID (the low bit of the last byte): lane 0 is served to master SAEs at Alice's
/// node, lane 1 at Bob's, so the two nodes never hand the same key to two callers even when both serve at once.
/// </remarks>
public sealed partial class SqliteKeyStore : IKeyStore, IDisposable
{
    private readonly Lock _lock = new();
    private readonly SqliteConnection _db;
    private readonly KeySealer _sealer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<Guid> _claimed = [];
    private ulong _lastCommitted;
    private ulong _staged;
    private int _available;

    private SqliteKeyStore(SqliteConnection db, ReadOnlySpan<byte> masterKey, TimeProvider time, ILogger logger)
    {
        _db = db;
        _sealer = new KeySealer(masterKey);
        _time = time;
        _logger = logger;
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="databasePath"/> sealed under <paramref name="masterKey"/>.</summary>
    /// <exception cref="KeyStoreCorruptException">The database was sealed under another master key.</exception>
    public static SqliteKeyStore Open(string databasePath, ReadOnlySpan<byte> masterKey, TimeProvider time, ILogger logger)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        return OpenCore(new SqliteConnection(builder.ToString()), masterKey, time, logger, durable: true);
    }

    /// <summary>A store that lives only in memory (tests, and nodes configured without a data directory).</summary>
    public static SqliteKeyStore OpenInMemory(TimeProvider time, ILogger logger)
    {
        byte[] key = RandomNumberGenerator.GetBytes(MasterKeyFile.KeyBytes);
        try
        {
            return OpenCore(new SqliteConnection("Data Source=:memory:"), key, time, logger, durable: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _available;
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
                return _lastCommitted;
            }
        }
    }

    /// <inheritdoc />
    public ulong StagedBlock
    {
        get
        {
            lock (_lock)
            {
                return _staged;
            }
        }
    }

    /// <inheritdoc />
    public void Commit(ulong block, IReadOnlyList<StoredKey> keys, BlockPads? pads = null)
    {
        try
        {
            lock (_lock)
            {
                RequireNewBlock(block);
                using SqliteTransaction tx = _db.BeginTransaction();
                InsertKeys(tx, block, keys, staged: false);
                InsertPads(tx, block, pads ?? BlockPads.None, staged: false);
                SetMeta(tx, "last_committed_block", (long)block);
                tx.Commit();
                _lastCommitted = block;
                _available += keys.Count;
            }
        }
        finally
        {
            ZeroMaterial(keys);
            pads?.Zero();
        }

        _logger.LogInformation("Key store: block {Block} committed, {Keys} keys", block, keys.Count);
    }

    /// <inheritdoc />
    public void Stage(ulong block, IReadOnlyList<StoredKey> keys, BlockPads? pads = null)
    {
        try
        {
            lock (_lock)
            {
                RequireNewBlock(block);
                if (_staged != 0)
                {
                    throw new InvalidOperationException($"Block {_staged} is still staged; commit or drop it before staging block {block}.");
                }

                using SqliteTransaction tx = _db.BeginTransaction();
                InsertKeys(tx, block, keys, staged: true);
                InsertPads(tx, block, pads ?? BlockPads.None, staged: true);
                SetMeta(tx, "staged_block", (long)block);
                tx.Commit();
                _staged = block;
            }
        }
        finally
        {
            ZeroMaterial(keys);
            pads?.Zero();
        }
    }

    /// <inheritdoc />
    public int CommitStaged(ulong block)
    {
        int count;
        lock (_lock)
        {
            RequireStaged(block);
            using SqliteTransaction tx = _db.BeginTransaction();
            count = Execute(tx, "UPDATE keys SET staged = 0 WHERE block = $b AND staged = 1", ("$b", (long)block));
            Execute(tx, "UPDATE pads SET staged = 0 WHERE block = $b AND staged = 1", ("$b", (long)block));
            Execute(tx, "INSERT INTO audit(at, event, key_id, block) SELECT $at, $e, id, block FROM keys WHERE block = $b",
                ("$at", Now()), ("$e", (long)KeyLifecycleEvent.Distilled), ("$b", (long)block));
            SetMeta(tx, "last_committed_block", (long)block);
            SetMeta(tx, "staged_block", 0);
            tx.Commit();
            _lastCommitted = block;
            _staged = 0;
            _available += count;
        }

        _logger.LogInformation("Key store: block {Block} committed, {Keys} keys", block, count);
        return count;
    }

    /// <inheritdoc />
    public int DropStaged(ulong block)
    {
        int count;
        lock (_lock)
        {
            RequireStaged(block);
            using SqliteTransaction tx = _db.BeginTransaction();
            count = Execute(tx, "DELETE FROM keys WHERE block = $b AND staged = 1", ("$b", (long)block));
            DropStagedPads(tx, block);
            SetMeta(tx, "staged_block", 0);
            tx.Commit();
            _staged = 0;
        }

        _logger.LogWarning("Key store: staged block {Block} dropped, {Keys} keys", block, count);
        return count;
    }

    /// <inheritdoc />
    public byte[] ComputeDigest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        lock (_lock)
        {
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT id, sealed FROM keys WHERE staged = 0 ORDER BY id";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                byte[] id = (byte[])reader[0];
                byte[] material = _sealer.Open((byte[])reader[1], id);
                hash.AppendData(id);
                hash.AppendData(material);
                CryptographicOperations.ZeroMemory(material);
            }
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Closes the database (the keys stay sealed on disk) and forgets the master key.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _db.Dispose();
            _sealer.Dispose();
        }
    }

    /// <summary>The lane a key belongs to: 0 is served at Alice's node, 1 at Bob's.</summary>
    public static int LaneOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes[15] & 1;
    }

    internal static byte[] IdBytes(Guid id) => id.ToByteArray(bigEndian: true);

    internal static Guid IdFrom(byte[] bytes) => new(bytes, bigEndian: true);

    private static SqliteKeyStore OpenCore(SqliteConnection db, ReadOnlySpan<byte> masterKey, TimeProvider time, ILogger logger, bool durable)
    {
        var store = new SqliteKeyStore(db, masterKey, time, logger);
        try
        {
            db.Open();
            store.CreateSchema(durable);
            store.CheckMasterKey();
            store.LoadState();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private void CreateSchema(bool durable)
    {
        // WAL lets readers proceed during a commit; synchronous=FULL makes every commit survive power loss, not
        // just a killed process. secure_delete overwrites what deleted keys and pads leave in the file's free pages.
        if (durable)
        {
            Execute(null, "PRAGMA journal_mode = WAL");
        }

        Execute(null, """
            PRAGMA synchronous = FULL;
            PRAGMA secure_delete = ON;
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value);
            CREATE TABLE IF NOT EXISTS keys (
                id BLOB PRIMARY KEY, block INTEGER NOT NULL, lane INTEGER NOT NULL, staged INTEGER NOT NULL,
                created INTEGER NOT NULL, sealed BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS keys_by_lane ON keys (lane, staged, created);
            CREATE INDEX IF NOT EXISTS keys_by_block ON keys (block);
            CREATE TABLE IF NOT EXISTS deliveries (
                id BLOB PRIMARY KEY, master_sae TEXT NOT NULL, slave_sae TEXT NOT NULL, bits INTEGER NOT NULL,
                created INTEGER NOT NULL, sealed BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, event INTEGER NOT NULL, key_id BLOB NOT NULL,
                block INTEGER, sae TEXT, peer_sae TEXT);
            CREATE TABLE IF NOT EXISTS pads (
                direction INTEGER NOT NULL, first INTEGER NOT NULL, count INTEGER NOT NULL, block INTEGER NOT NULL,
                staged INTEGER NOT NULL, created INTEGER NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (direction, first));
            CREATE TABLE IF NOT EXISTS pad_sessions (direction INTEGER NOT NULL, start INTEGER NOT NULL, PRIMARY KEY (direction, start));
            """);
    }

    /// <summary>A known value sealed on creation tells a wrong master key apart from a corrupt record, at start-up.</summary>
    private void CheckMasterKey()
    {
        byte[] label = "nodeagent/keystore/v1"u8.ToArray();
        using SqliteCommand read = _db.CreateCommand();
        read.CommandText = "SELECT value FROM meta WHERE name = 'check'";
        if (read.ExecuteScalar() is byte[] sealedCheck)
        {
            byte[] opened = _sealer.Open(sealedCheck, label);
            CryptographicOperations.ZeroMemory(opened);
            return;
        }

        using SqliteCommand write = _db.CreateCommand();
        write.CommandText = "INSERT INTO meta (name, value) VALUES ('check', $v)";
        write.Parameters.AddWithValue("$v", _sealer.Seal(new byte[16], label));
        write.ExecuteNonQuery();
    }

    private void LoadState()
    {
        _lastCommitted = (ulong)GetMeta("last_committed_block");
        _staged = (ulong)GetMeta("staged_block");
        using SqliteCommand count = _db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM keys WHERE staged = 0";
        _available = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void InsertKeys(SqliteTransaction tx, ulong block, IReadOnlyList<StoredKey> keys, bool staged)
    {
        long now = Now();
        using SqliteCommand insert = _db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO keys (id, block, lane, staged, created, sealed) VALUES ($id, $b, $lane, $s, $at, $sealed)";
        SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Blob);
        insert.Parameters.AddWithValue("$b", (long)block);
        SqliteParameter lane = insert.Parameters.Add("$lane", SqliteType.Integer);
        insert.Parameters.AddWithValue("$s", staged ? 1 : 0);
        insert.Parameters.AddWithValue("$at", now);
        SqliteParameter sealedValue = insert.Parameters.Add("$sealed", SqliteType.Blob);
        foreach (StoredKey key in keys)
        {
            byte[] idBytes = IdBytes(key.Id);
            id.Value = idBytes;
            lane.Value = LaneOf(key.Id);
            sealedValue.Value = _sealer.Seal(key.Material, idBytes);
            insert.ExecuteNonQuery();
            if (!staged)
            {
                Audit(tx, KeyLifecycleEvent.Distilled, key.Id, block, null, null);
            }
        }
    }

    private void RequireNewBlock(ulong block)
    {
        if (block <= _lastCommitted)
        {
            throw new InvalidOperationException($"Block {block} is not newer than the last committed block {_lastCommitted}.");
        }
    }

    private void RequireStaged(ulong block)
    {
        if (_staged != block || block == 0)
        {
            throw new InvalidOperationException($"Block {block} is not the staged block ({_staged}).");
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Audit(SqliteTransaction tx, KeyLifecycleEvent kind, Guid id, ulong? block, string? sae, string? peerSae) =>
        Execute(tx, "INSERT INTO audit (at, event, key_id, block, sae, peer_sae) VALUES ($at, $e, $id, $b, $sae, $peer)",
            ("$at", Now()), ("$e", (long)kind), ("$id", IdBytes(id)), ("$b", block is null ? DBNull.Value : (long)block.Value),
            ("$sae", (object?)sae ?? DBNull.Value), ("$peer", (object?)peerSae ?? DBNull.Value));

    private long GetMeta(string name)
    {
        using SqliteCommand command = _db.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private void SetMeta(SqliteTransaction tx, string name, long value) =>
        Execute(tx, "INSERT INTO meta (name, value) VALUES ($n, $v) ON CONFLICT (name) DO UPDATE SET value = excluded.value", ("$n", name), ("$v", value));

    private int Execute(SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = _db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private static void ZeroMaterial(IReadOnlyList<StoredKey> keys)
    {
        foreach (StoredKey key in keys)
        {
            CryptographicOperations.ZeroMemory(key.Material);
        }
    }
}
