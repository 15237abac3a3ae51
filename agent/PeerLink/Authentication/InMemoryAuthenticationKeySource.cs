using System.Security.Cryptography;

namespace NodeAgent.PeerLink.Authentication;

/// <summary>
/// Pads held in memory: for tests and for the default (demonstration) run, which starts afresh each time. Nothing
/// survives the process, so a restarted end would reuse pads; the durable source in the key store does not.
/// </summary>
/// <remarks>Thread-safe. <see cref="Dispose"/> zeroes the material.</remarks>
public sealed class InMemoryAuthenticationKeySource : IAuthenticationKeySource, IDisposable
{
    /// <summary>Bytes in one pad.</summary>
    public const int PadBytes = 8;

    private readonly Lock _lock = new();
    private readonly Pool[] _pools = [new(), new()];
    private bool _disposed;

    /// <summary>
    /// Starts from bootstrap material shared by both ends: the first half of <paramref name="bootstrap"/> is the
    /// AliceToBob pool, the second half the BobToAlice pool. Its length must be a multiple of 16 (whole pads each way).
    /// The bytes are copied; the caller zeroes its own copy.
    /// </summary>
    public InMemoryAuthenticationKeySource(ReadOnlySpan<byte> bootstrap)
    {
        if (bootstrap.Length % (2 * PadBytes) != 0)
        {
            throw new ArgumentException($"Bootstrap material must be a multiple of {2 * PadBytes} bytes, was {bootstrap.Length}.", nameof(bootstrap));
        }

        int half = bootstrap.Length / 2;
        Append(bootstrap[..half], bootstrap[half..]);
    }

    /// <summary>Grows both pools (e.g. by distilled key set aside for authentication); each span whole pads.</summary>
    public void Append(ReadOnlySpan<byte> aliceToBob, ReadOnlySpan<byte> bobToAlice)
    {
        if (aliceToBob.Length % PadBytes != 0 || bobToAlice.Length % PadBytes != 0)
        {
            throw new ArgumentException($"Pad material must come in whole pads of {PadBytes} bytes.");
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pools[(int)PadDirection.AliceToBob].Append(aliceToBob);
            _pools[(int)PadDirection.BobToAlice].Append(bobToAlice);
        }
    }

    /// <inheritdoc />
    public long ReservePads(PadDirection direction, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            Pool pool = PoolOf(direction);
            long available = pool.Pads - pool.NextUnreserved;
            if (available < count)
            {
                throw new AuthenticationKeyExhaustedException(direction, count, available);
            }

            long first = pool.NextUnreserved;
            pool.NextUnreserved += count;
            return first;
        }
    }

    /// <inheritdoc />
    public bool TryReadPads(PadDirection direction, long firstIndex, int count, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count * PadBytes, nameof(destination));
        lock (_lock)
        {
            Pool pool = PoolOf(direction);
            if (firstIndex < 0 || firstIndex > pool.Pads - count)
            {
                return false;
            }

            pool.Material.AsSpan(checked((int)(firstIndex * PadBytes)), count * PadBytes).CopyTo(destination);
            return true;
        }
    }

    /// <inheritdoc />
    public bool TryAcceptSessionStart(PadDirection direction, long index)
    {
        lock (_lock)
        {
            return PoolOf(direction).TryAcceptSessionStart(index);
        }
    }

    /// <inheritdoc />
    public long PadsAvailable(PadDirection direction)
    {
        lock (_lock)
        {
            Pool pool = PoolOf(direction);
            return pool.Pads - pool.NextUnreserved;
        }
    }

    /// <summary>Zeroes the pads; the source is unusable afterwards.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (Pool pool in _pools)
            {
                pool.Clear();
            }
        }
    }

    private Pool PoolOf(PadDirection direction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (uint)direction < (uint)_pools.Length
            ? _pools[(int)direction]
            : throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown pad direction.");
    }

    /// <summary>One direction's pads, and what has been reserved and accepted from it.</summary>
    private sealed class Pool
    {
        private int _length;

        public byte[] Material { get; private set; } = [];

        public long Pads => _length / PadBytes;

        public long NextUnreserved { get; set; }

        /// <summary>Accepted session starts within the window below the highest (which is Max).</summary>
        private SortedSet<long> AcceptedStarts { get; } = [];

        public bool TryAcceptSessionStart(long index)
        {
            long highest = AcceptedStarts.Count == 0 ? long.MinValue : AcceptedStarts.Max;
            if (index < 0 || (highest != long.MinValue && index <= highest - IAuthenticationKeySource.SessionStartWindow) || !AcceptedStarts.Add(index))
            {
                return false;
            }

            AcceptedStarts.RemoveWhere(start => start <= AcceptedStarts.Max - IAuthenticationKeySource.SessionStartWindow);
            return true;
        }

        public void Append(ReadOnlySpan<byte> material)
        {
            if (material.Length > Material.Length - _length)
            {
                // Grow by doubling; the old copy is zeroed before it is dropped.
                int capacity = (int)Math.Min(Array.MaxLength, Math.Max((long)_length + material.Length, 2L * Material.Length));
                if (capacity - _length < material.Length)
                {
                    throw new InvalidOperationException("The in-memory pad pool is full.");
                }

                byte[] grown = new byte[capacity];
                Material.AsSpan(0, _length).CopyTo(grown);
                CryptographicOperations.ZeroMemory(Material);
                Material = grown;
            }

            material.CopyTo(Material.AsSpan(_length));
            _length += material.Length;
        }

        public void Clear()
        {
            CryptographicOperations.ZeroMemory(Material);
            Material = [];
            _length = 0;
            NextUnreserved = 0;
            AcceptedStarts.Clear();
        }
    }
}
