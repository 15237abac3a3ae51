using NodeAgent.Keys;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.KeyManagement;

/// <summary>
/// An end's authentication pads: the bootstrap pads first, then the pads its key store sets aside from every committed
/// block, with the reservation cursor and the accepted session starts kept durably in the store, so a restarted process
/// neither reuses a pad nor accepts a replayed Hello, and the pools never run dry while keys are distilled.
/// </summary>
/// <remarks>
/// Pad indices of a direction: [0, B) are the bootstrap's B pads (derived again at every start, never stored), B + j
/// is pad j of the store's sequence for that direction, which both ends number alike in commit order. A sender's
/// reservation runs on from its cursor across that boundary and across blocks; pads below every reservation not yet
/// read are deleted from the store. A sender skips pads older than <c>usableFor</c>: its peer deletes the pads it reads
/// at the keys' lifetime (it cannot tell when a batch is spent), so a batch must be spent well before then. A receiver
/// reads committed and staged pads (see <see cref="SqliteKeyStore.TryReadPads"/>). Thread-safe.
/// </remarks>
public sealed class StoredAuthenticationKeySource : IAuthenticationKeySource, IDisposable
{
    private readonly InMemoryAuthenticationKeySource _bootstrap;
    private readonly SqliteKeyStore _store;
    private readonly long[] _bootstrapPads = new long[2];
    private readonly SortedSet<long>[] _unread = [[], []];
    private readonly TimeSpan? _usableFor;
    private readonly Lock _lock = new();

    /// <summary>
    /// Takes ownership of <paramref name="bootstrap"/> (unreserved); the store stays the caller's. Pads set aside longer
    /// ago than <paramref name="usableFor"/> are never reserved (null: no limit; see <see cref="UsableFor"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The store's pads follow a bootstrap of another size.</exception>
    public StoredAuthenticationKeySource(InMemoryAuthenticationKeySource bootstrap, SqliteKeyStore store, TimeSpan? usableFor = null)
    {
        _bootstrap = bootstrap;
        _store = store;
        _usableFor = usableFor;
        try
        {
            foreach (PadDirection direction in Enum.GetValues<PadDirection>())
            {
                _bootstrapPads[(int)direction] = bootstrap.PadsAvailable(direction);
                store.BindPadBootstrap((int)direction, _bootstrapPads[(int)direction]);
            }
        }
        catch
        {
            bootstrap.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How long after its block a pad may still be reserved when pads expire with keys of <paramref name="lifetime"/>:
    /// half of it, or all but an hour if that is more, so a batch reserved just in time (a keep-alive session spends 64
    /// pads in about half an hour) is spent before its receiver deletes it.
    /// </summary>
    public static TimeSpan UsableFor(TimeSpan lifetime) =>
        lifetime / 2 > lifetime - TimeSpan.FromHours(1) ? lifetime / 2 : lifetime - TimeSpan.FromHours(1);

    /// <inheritdoc />
    public long ReservePads(PadDirection direction, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            (long first, long available) = Unreserved(direction);
            if (available < count)
            {
                throw new AuthenticationKeyExhaustedException(direction, count, available);
            }

            // Another connection may not have read the batch it reserved just before: keep the pads from there on.
            SortedSet<long> unread = _unread[(int)direction];
            unread.Add(first);
            _store.SetPadCursor((int)direction, first + count, count, consumedBelow: unread.Min - _bootstrapPads[(int)direction]);
            return first;
        }
    }

    /// <inheritdoc />
    public bool TryReadPads(PadDirection direction, long firstIndex, int count, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count * InMemoryAuthenticationKeySource.PadBytes, nameof(destination));
        long bootstrap = _bootstrapPads[(int)direction];
        if (firstIndex < 0)
        {
            return false;
        }

        lock (_lock)
        {
            _unread[(int)direction].Remove(firstIndex);
        }

        // The part below the boundary from the bootstrap, the rest from the store.
        int fromBootstrap = (int)Math.Clamp(bootstrap - firstIndex, 0, count);
        if (fromBootstrap > 0 && !_bootstrap.TryReadPads(direction, firstIndex, fromBootstrap, destination))
        {
            return false;
        }

        int fromStore = count - fromBootstrap;
        return fromStore == 0 || _store.TryReadPads(
            (int)direction, firstIndex + fromBootstrap - bootstrap, fromStore,
            destination[(fromBootstrap * InMemoryAuthenticationKeySource.PadBytes)..]);
    }

    /// <inheritdoc />
    public bool TryAcceptSessionStart(PadDirection direction, long index) =>
        _store.TryRecordSessionStart((int)direction, index, IAuthenticationKeySource.SessionStartWindow);

    /// <inheritdoc />
    public long PadsAvailable(PadDirection direction)
    {
        lock (_lock)
        {
            return Unreserved(direction).Available;
        }
    }

    /// <summary>Zeroes the bootstrap pads (the store's stay sealed on disk).</summary>
    public void Dispose() => _bootstrap.Dispose();

    /// <summary>The next pad to reserve and how many follow it without a gap.</summary>
    private (long First, long Available) Unreserved(PadDirection direction)
    {
        long bootstrap = _bootstrapPads[(int)direction];
        long cursor = _store.PadCursor((int)direction);
        (long low, long end) = _store.CommittedPads((int)direction, _usableFor);
        if (cursor < bootstrap)
        {
            // The store's pads continue the bootstrap's only while its first ones are still held.
            return (cursor, bootstrap - cursor + (low == 0 ? end : 0));
        }

        // Expired and too old pads leave a gap at the bottom of the store's sequence: skip it.
        long first = Math.Max(cursor, bootstrap + low);
        return (first, Math.Max(0, bootstrap + end - first));
    }
}
