using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Keys;
using NodeAgent.Node.KeyManagement;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Tests.Authentication;

/// <summary>
/// An end's pads over its key store: the bootstrap, then the pads committed blocks set aside, numbered alike at both
/// ends, reserved once even across restarts.
/// </summary>
public sealed class StoredAuthenticationKeySourceTests : IDisposable
{
    private const int BootstrapPads = 100;
    private readonly string _directory = Directory.CreateTempSubdirectory("nodeagent-pads-").FullName;
    private readonly byte[] _masterKey = new byte[32];
    private readonly byte[] _bootstrap = Bytes(1, 2 * BootstrapPads * 8);

    [Fact]
    public void Committed_pads_continue_the_bootstrap_and_a_reservation_may_run_across_the_boundary()
    {
        using SqliteKeyStore store = OpenStore();
        using StoredAuthenticationKeySource source = OpenSource(store);
        byte[] aliceToBob = Bytes(2, 50 * 8);
        store.Commit(1, [], new BlockPads(aliceToBob.ToArray(), Bytes(3, 30 * 8)));

        Assert.Equal(150, source.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(130, source.PadsAvailable(PadDirection.BobToAlice));
        Assert.Equal(0, source.ReservePads(PadDirection.AliceToBob, 80));
        Assert.Equal(80, source.ReservePads(PadDirection.AliceToBob, 60));

        // Pads 80..139: the bootstrap's last 20 (Alice→Bob is its first half), then the block's first 40.
        byte[] read = new byte[60 * 8];
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, 80, 60, read));
        Assert.Equal([.. _bootstrap.AsSpan(80 * 8, 20 * 8), .. aliceToBob.AsSpan(0, 40 * 8)], read);
        Assert.Equal(10, source.PadsAvailable(PadDirection.AliceToBob));
        Assert.Throws<AuthenticationKeyExhaustedException>(() => source.ReservePads(PadDirection.AliceToBob, 11));
        Assert.Equal(140, source.ReservePads(PadDirection.AliceToBob, 10));
        Assert.False(source.TryReadPads(PadDirection.AliceToBob, 150, 1, new byte[8]));
    }

    [Fact]
    public void A_restarted_end_reserves_no_pad_twice_and_accepts_no_session_start_twice()
    {
        using (SqliteKeyStore store = OpenStore())
        using (StoredAuthenticationKeySource before = OpenSource(store))
        {
            store.Commit(1, [], new BlockPads(Bytes(4, 64 * 8), Bytes(5, 64 * 8)));
            Assert.Equal(0, before.ReservePads(PadDirection.BobToAlice, 64));
            Assert.Equal(64, before.ReservePads(PadDirection.BobToAlice, 64));
            Assert.True(before.TryAcceptSessionStart(PadDirection.AliceToBob, 0));
            Assert.True(before.TryAcceptSessionStart(PadDirection.AliceToBob, 128));
        }

        using SqliteKeyStore reopened = OpenStore();
        using StoredAuthenticationKeySource after = OpenSource(reopened);
        Assert.Equal(164 - 128, after.PadsAvailable(PadDirection.BobToAlice));
        Assert.Equal(128, after.ReservePads(PadDirection.BobToAlice, 36));
        Assert.Equal(164, after.PadsAvailable(PadDirection.AliceToBob));
        Assert.False(after.TryAcceptSessionStart(PadDirection.AliceToBob, 0));
        Assert.False(after.TryAcceptSessionStart(PadDirection.AliceToBob, 128));
        Assert.True(after.TryAcceptSessionStart(PadDirection.AliceToBob, 64));

        // A start far below the highest accepted is too old to tell from a replay.
        Assert.True(after.TryAcceptSessionStart(PadDirection.AliceToBob, 128 + IAuthenticationKeySource.SessionStartWindow));
        Assert.False(after.TryAcceptSessionStart(PadDirection.AliceToBob, 100));
    }

    [Fact]
    public void Staged_pads_can_be_read_but_not_spent_and_a_dropped_block_gives_its_numbers_back()
    {
        using SqliteKeyStore store = OpenStore();
        using StoredAuthenticationKeySource source = OpenSource(store);
        byte[] staged = Bytes(6, 20 * 8);
        store.Stage(1, [], new BlockPads(staged.ToArray(), Bytes(7, 20 * 8)));

        // Alice may already send with a block Bob has only staged: he can check her tags...
        byte[] read = new byte[20 * 8];
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, BootstrapPads, 20, read));
        Assert.Equal(staged, read);

        // ... but sends only with committed pads.
        Assert.Equal(BootstrapPads, source.PadsAvailable(PadDirection.BobToAlice));

        // Alice never committed it: the next block's pads take the same numbers, as at Alice.
        store.DropStaged(1);
        Assert.False(source.TryReadPads(PadDirection.AliceToBob, BootstrapPads, 1, new byte[8]));
        byte[] next = Bytes(8, 20 * 8);
        store.Stage(2, [], new BlockPads(next.ToArray(), Bytes(9, 20 * 8)));
        store.CommitStaged(2);
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, BootstrapPads, 20, read));
        Assert.Equal(next, read);
        Assert.Equal(BootstrapPads + 20, source.PadsAvailable(PadDirection.BobToAlice));
    }

    [Fact]
    public void Pads_handed_out_are_deleted_from_the_store()
    {
        using SqliteKeyStore store = OpenStore();
        using StoredAuthenticationKeySource source = OpenSource(store);
        store.Commit(1, [], new BlockPads(Bytes(10, 10 * 8), []));
        store.Commit(2, [], new BlockPads(Bytes(11, 10 * 8), []));
        Assert.Equal(0, source.ReservePads(PadDirection.AliceToBob, BootstrapPads + 15));
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, 0, BootstrapPads + 15, new byte[(BootstrapPads + 15) * 8]));
        Assert.Equal((0L, 20L), store.CommittedPads(0));

        // The next reservation starts in block 2's pads: block 1's are gone (the sender has read what it reserved);
        // block 2's stay until wholly handed out.
        Assert.Equal(BootstrapPads + 15, source.ReservePads(PadDirection.AliceToBob, 5));
        Assert.Equal((10L, 20L), store.CommittedPads(0));
        Assert.False(store.TryReadPads(0, 0, 1, new byte[8]));
        Assert.Equal(0, source.PadsAvailable(PadDirection.AliceToBob));
    }

    [Fact]
    public void Pads_of_a_direction_are_sealed_to_that_direction_and_place()
    {
        string path = Path.Combine(_directory, "keys.db");
        using (SqliteKeyStore store = OpenStore())
        {
            store.Commit(1, [], new BlockPads(Bytes(12, 8 * 8), Bytes(13, 8 * 8)));
        }

        // Swap the two directions' sealed segments on disk: neither opens where it does not belong.
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var swap = db.CreateCommand();
            swap.CommandText = "UPDATE pads SET direction = 2 WHERE direction = 0; UPDATE pads SET direction = 0 WHERE direction = 1; UPDATE pads SET direction = 1 WHERE direction = 2";
            swap.ExecuteNonQuery();
        }

        using SqliteKeyStore reopened = OpenStore();
        Assert.Throws<KeyStoreCorruptException>(() => reopened.TryReadPads(0, 0, 1, new byte[8]));
    }

    [Fact]
    public void A_batch_reserved_but_not_yet_read_survives_the_next_reservation_of_another_connection()
    {
        using SqliteKeyStore store = OpenStore();
        using StoredAuthenticationKeySource source = OpenSource(store);
        byte[] first = Bytes(14, 64 * 8);
        store.Commit(1, [], new BlockPads(first.ToArray(), []));
        store.Commit(2, [], new BlockPads(Bytes(15, 64 * 8), []));
        Assert.Equal(0, source.ReservePads(PadDirection.AliceToBob, BootstrapPads));
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, 0, BootstrapPads, new byte[BootstrapPads * 8]));

        // Connection A reserves block 1's pads; connection B reserves block 2's before A has read its batch.
        Assert.Equal(BootstrapPads, source.ReservePads(PadDirection.AliceToBob, 64));
        Assert.Equal(BootstrapPads + 64, source.ReservePads(PadDirection.AliceToBob, 64));
        byte[] read = new byte[64 * 8];
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, BootstrapPads, 64, read));
        Assert.Equal(first, read);
    }

    [Fact]
    public void Pads_too_old_to_be_spent_before_the_peer_deletes_them_are_skipped_and_not_counted_as_spent()
    {
        var time = new SteppedTime();
        using SqliteKeyStore store = SqliteKeyStore.Open(Path.Combine(_directory, "keys.db"), _masterKey, time, NullLogger.Instance);
        using var source = new StoredAuthenticationKeySource(new InMemoryAuthenticationKeySource(_bootstrap), store, usableFor: TimeSpan.FromHours(1));
        store.Commit(1, [], new BlockPads(Bytes(16, 10 * 8), []));
        time.Advance(TimeSpan.FromHours(2));
        byte[] fresh = Bytes(17, 10 * 8);
        store.Commit(2, [], new BlockPads(fresh.ToArray(), []));

        // Block 1's pads are past use: the bootstrap no longer runs on into the store without a gap.
        Assert.Equal(BootstrapPads, source.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(0, source.ReservePads(PadDirection.AliceToBob, BootstrapPads));
        Assert.Equal(10, source.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(BootstrapPads + 10, source.ReservePads(PadDirection.AliceToBob, 10));
        byte[] read = new byte[10 * 8];
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, BootstrapPads + 10, 10, read));
        Assert.Equal(fresh, read);
        Assert.Equal(BootstrapPads + 10, store.PadsReserved(0));
        Assert.Equal(StoredAuthenticationKeySource.UsableFor(TimeSpan.FromDays(7)), TimeSpan.FromDays(7) - TimeSpan.FromHours(1));
        Assert.Equal(StoredAuthenticationKeySource.UsableFor(TimeSpan.FromHours(1)), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void A_store_refuses_a_bootstrap_of_another_size_which_would_reuse_pads()
    {
        using SqliteKeyStore store = OpenStore();
        using (StoredAuthenticationKeySource source = OpenSource(store))
        {
            source.ReservePads(PadDirection.AliceToBob, 10);
        }

        var error = Assert.Throws<InvalidOperationException>(() => new StoredAuthenticationKeySource(new InMemoryAuthenticationKeySource(new byte[2 * 200 * 8]), store));
        Assert.Contains("bootstrap of 100 pads", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A clock that moves only when told.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private SqliteKeyStore OpenStore() => SqliteKeyStore.Open(Path.Combine(_directory, "keys.db"), _masterKey, TimeProvider.System, NullLogger.Instance);

    private StoredAuthenticationKeySource OpenSource(SqliteKeyStore store) => new(new InMemoryAuthenticationKeySource(_bootstrap), store);

    private static byte[] Bytes(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
