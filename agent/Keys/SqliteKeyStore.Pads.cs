using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace NodeAgent.Keys;

/// <summary>
/// Authentication pads set aside from distilled blocks (<see cref="BlockPads"/>), kept beside the keys, sealed alike,
/// committed, staged and dropped in the same transactions as their block's keys, so both ends' pools stay identical
/// through any crash.
/// </summary>
/// <remarks>
/// Each direction (0 Alice→Bob, 1 Bob→Alice) is one sequence of pads numbered from 0 in commit order: a block's pads
/// follow the previous block's, so both ends number them alike. The store also keeps, per direction, the sender's
/// reservation cursor and the session starts accepted from the peer; what a cursor means is the caller's.
/// </remarks>
public sealed partial class SqliteKeyStore
{
    /// <summary>
    /// The committed pads of <paramref name="direction"/> still held: [<c>Low</c>, <c>End</c>), contiguous because pads
    /// are numbered in commit order and only the oldest are ever deleted (empty: Low = End). With
    /// <paramref name="maxAge"/>, pads of blocks committed longer ago than that count as gone.
    /// </summary>
    public (long Low, long End) CommittedPads(int direction, TimeSpan? maxAge = null)
    {
        lock (_lock)
        {
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = """
                SELECT MIN(CASE WHEN staged = 0 AND created >= $cut THEN first END), MIN(CASE WHEN staged = 1 THEN first END)
                FROM pads WHERE direction = $d
                """;
            command.Parameters.AddWithValue("$d", direction);
            command.Parameters.AddWithValue("$cut", maxAge is { } age ? (_time.GetUtcNow() - age).ToUnixTimeMilliseconds() : long.MinValue);
            using SqliteDataReader reader = command.ExecuteReader();
            reader.Read();
            long end = reader.IsDBNull(1) ? GetMeta(EndName(direction)) : reader.GetInt64(1);
            long low = reader.IsDBNull(0) ? end : reader.GetInt64(0);
            return (Math.Min(low, end), end);
        }
    }

    /// <summary>
    /// Copies pads [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of
    /// <paramref name="direction"/>, committed or staged (a receiver may read the pads of a block its peer has
    /// committed while its own copy waits for the commit's acknowledgement); false if any is not held.
    /// </summary>
    public bool TryReadPads(int direction, long first, int count, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count * BlockPads.PadBytes, nameof(destination));
        lock (_lock)
        {
            while (count > 0)
            {
                using SqliteCommand command = _db.CreateCommand();
                command.CommandText = "SELECT first, count, sealed FROM pads WHERE direction = $d AND first <= $i ORDER BY first DESC LIMIT 1";
                command.Parameters.AddWithValue("$d", direction);
                command.Parameters.AddWithValue("$i", first);
                using SqliteDataReader reader = command.ExecuteReader();
                if (first < 0 || !reader.Read())
                {
                    return false;
                }

                long segmentFirst = reader.GetInt64(0);
                int segmentCount = reader.GetInt32(1);
                long offset = first - segmentFirst;
                if (offset >= segmentCount)
                {
                    return false;
                }

                int take = (int)Math.Min(count, segmentCount - offset);
                byte[] material = _sealer.Open((byte[])reader[2], PadLabel(direction, segmentFirst));
                material.AsSpan((int)offset * BlockPads.PadBytes, take * BlockPads.PadBytes).CopyTo(destination);
                CryptographicOperations.ZeroMemory(material);
                destination = destination[(take * BlockPads.PadBytes)..];
                first += take;
                count -= take;
            }

            return true;
        }
    }

    /// <summary>The reservation cursor of <paramref name="direction"/> (0 until first set).</summary>
    public long PadCursor(int direction)
    {
        lock (_lock)
        {
            return GetMeta(CursorName(direction));
        }
    }

    /// <inheritdoc />
    public long PadsReserved(int direction)
    {
        lock (_lock)
        {
            return GetMeta(ReservedName(direction));
        }
    }

    /// <summary>
    /// Durably moves the reservation cursor of <paramref name="direction"/> past a reservation of
    /// <paramref name="count"/> pads ending at <paramref name="cursor"/>, and deletes that direction's committed
    /// segments that end at or below <paramref name="consumedBelow"/> (pads already handed out are never kept).
    /// </summary>
    public void SetPadCursor(int direction, long cursor, int count, long consumedBelow)
    {
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            SetMeta(tx, CursorName(direction), cursor);
            SetMeta(tx, ReservedName(direction), GetMeta(ReservedName(direction)) + count);
            Execute(tx, "DELETE FROM pads WHERE direction = $d AND staged = 0 AND first + count <= $below", ("$d", direction), ("$below", consumedBelow));
            tx.Commit();
        }
    }

    /// <summary>
    /// Checks that the pads before the store's (the bootstrap's) are as many as when the cursor was first set: the
    /// cursor and the accepted session starts count from them, so another bootstrap would hand out used pads again.
    /// Records <paramref name="bootstrapPads"/> on first use.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store was used with a bootstrap of another size.</exception>
    public void BindPadBootstrap(int direction, long bootstrapPads)
    {
        lock (_lock)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"pads_bootstrap_{direction}");
            using SqliteCommand command = _db.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE name = $n";
            command.Parameters.AddWithValue("$n", name);
            if (command.ExecuteScalar() is long bound)
            {
                if (bound != bootstrapPads)
                {
                    throw new InvalidOperationException(
                        $"The key store's authentication pads follow a bootstrap of {bound} pads (direction {direction}), not {bootstrapPads}: "
                        + "a changed bootstrap would reuse pads. Keep the original bootstrap, or start both ends with fresh stores.");
                }

                return;
            }

            using SqliteTransaction tx = _db.BeginTransaction();
            SetMeta(tx, name, bootstrapPads);
            tx.Commit();
        }
    }

    /// <summary>
    /// Durably records a session start accepted from the peer in <paramref name="direction"/>; false (nothing
    /// recorded) if it was recorded before or lies <paramref name="window"/> or more below the highest recorded. Starts
    /// that fall out of the window are forgotten.
    /// </summary>
    public bool TryRecordSessionStart(int direction, long start, long window)
    {
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            using SqliteCommand query = _db.CreateCommand();
            query.Transaction = tx;
            query.CommandText = "SELECT MAX(start), SUM(start = $s) FROM pad_sessions WHERE direction = $d";
            query.Parameters.AddWithValue("$d", direction);
            query.Parameters.AddWithValue("$s", start);
            long? highest;
            bool seen;
            using (SqliteDataReader reader = query.ExecuteReader())
            {
                reader.Read();
                highest = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                seen = !reader.IsDBNull(1) && reader.GetInt64(1) > 0;
            }

            if (start < 0 || seen || (highest is long h && start <= h - window))
            {
                return false;
            }

            long top = Math.Max(start, highest ?? start);
            Execute(tx, "INSERT INTO pad_sessions (direction, start) VALUES ($d, $s)", ("$d", direction), ("$s", start));
            Execute(tx, "DELETE FROM pad_sessions WHERE direction = $d AND start <= $old", ("$d", direction), ("$old", top - window));
            tx.Commit();
            return true;
        }
    }

    private void InsertPads(SqliteTransaction tx, ulong block, BlockPads pads, bool staged)
    {
        for (int direction = 0; direction < 2; direction++)
        {
            byte[] material = pads.Of(direction);
            if (material.Length == 0)
            {
                continue;
            }

            if (material.Length % BlockPads.PadBytes != 0)
            {
                throw new ArgumentException($"Pads come in whole {BlockPads.PadBytes}-byte units, got {material.Length} bytes.", nameof(pads));
            }

            long first = GetMeta(EndName(direction));
            int count = material.Length / BlockPads.PadBytes;
            Execute(tx, "INSERT INTO pads (direction, first, count, block, staged, created, sealed) VALUES ($d, $f, $c, $b, $s, $at, $sealed)",
                ("$d", direction), ("$f", first), ("$c", count), ("$b", (long)block), ("$s", staged ? 1 : 0), ("$at", Now()),
                ("$sealed", _sealer.Seal(material, PadLabel(direction, first))));
            SetMeta(tx, EndName(direction), first + count);
        }
    }

    /// <summary>Drops a staged block's pads and gives their numbers back, as the peer never committed them.</summary>
    private void DropStagedPads(SqliteTransaction tx, ulong block)
    {
        var firsts = new List<(long Direction, long First)>();
        using (SqliteCommand query = _db.CreateCommand())
        {
            query.Transaction = tx;
            query.CommandText = "SELECT direction, MIN(first) FROM pads WHERE block = $b AND staged = 1 GROUP BY direction";
            query.Parameters.AddWithValue("$b", (long)block);
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                firsts.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        foreach ((long direction, long first) in firsts)
        {
            SetMeta(tx, EndName((int)direction), first);
        }

        Execute(tx, "DELETE FROM pads WHERE block = $b AND staged = 1", ("$b", (long)block));
    }

    private static string EndName(int direction) => string.Create(CultureInfo.InvariantCulture, $"pads_end_{direction}");

    private static string CursorName(int direction) => string.Create(CultureInfo.InvariantCulture, $"pads_cursor_{direction}");

    private static string ReservedName(int direction) => string.Create(CultureInfo.InvariantCulture, $"pads_reserved_{direction}");

    /// <summary>Associated data of a sealed segment: a segment moved to another place or direction does not open.</summary>
    private static byte[] PadLabel(int direction, long first)
    {
        byte[] label = new byte[16];
        "pads"u8.CopyTo(label);
        BinaryPrimitives.WriteInt32BigEndian(label.AsSpan(4), direction);
        BinaryPrimitives.WriteInt64BigEndian(label.AsSpan(8), first);
        return label;
    }
}
