using System.Numerics;

namespace NodeAgent.Acquisition;

/// <summary>
/// A bounded, lock-free ring for exactly one producer thread and one consumer thread. The producer writes straight
/// into <see cref="GetWriteSpan"/> and publishes a whole batch with one release store; the consumer reads
/// <see cref="GetReadSpan"/> in place and releases it. No allocation after construction.
/// </summary>
/// <remarks>
/// Indices are 64-bit and only grow (no ABA, no wrap in practice); slot = index &amp; (capacity − 1). Each side keeps a
/// cached copy of the other's index and rereads it (acquire) only when the cache says the ring looks full or empty,
/// so in steady state the two cores exchange one cache line per batch, not per event.
/// Thread-safety: producer members from one thread, consumer members from one thread; <see cref="Count"/> from any.
/// </remarks>
/// <typeparam name="T">An unmanaged element (e.g. a DetectionEvent).</typeparam>
public sealed class SpscRing<T>
    where T : unmanaged
{
    private readonly T[] _buffer;
    private readonly long _mask;
    private PaddedIndex _head; // next slot the producer writes; written by the producer only
    private PaddedIndex _tail; // next slot the consumer reads; written by the consumer only
    private PaddedIndex _producerCachedTail;
    private PaddedIndex _consumerCachedHead;

    /// <param name="capacity">Slots; a power of two, at least 2.</param>
    public SpscRing(int capacity)
    {
        if (capacity < 2 || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two, at least 2");
        }

        _buffer = new T[capacity];
        // A large array comes from the OS as untouched pages. Touch them all now, so the producer's first pass over the
        // ring does not pay a page fault every 4 KiB while the device is streaming (in the paced benchmark that cost
        // the whole path a fifth of a core with a 64 MiB ring).
        _buffer.AsSpan().Clear();
        _mask = capacity - 1;
    }

    /// <summary>Slots in the ring.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Elements published and not yet released (a snapshot; exact only on a quiet ring).</summary>
    public int Count => (int)(Volatile.Read(ref _head.Value) - Volatile.Read(ref _tail.Value));

    /// <summary>Producer: the contiguous free slots from the write position (empty when full). Write, then <see cref="Publish"/>.</summary>
    public Span<T> GetWriteSpan()
    {
        long head = _head.Value;
        long free = _buffer.Length - (head - _producerCachedTail.Value);
        if (free == 0)
        {
            _producerCachedTail.Value = Volatile.Read(ref _tail.Value);
            free = _buffer.Length - (head - _producerCachedTail.Value);
            if (free == 0)
            {
                return [];
            }
        }

        int start = (int)(head & _mask);
        return _buffer.AsSpan(start, (int)Math.Min(free, _buffer.Length - start));
    }

    /// <summary>Producer: makes the first <paramref name="count"/> slots of the last write span visible to the consumer.</summary>
    public void Publish(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long head = _head.Value;
        if (head + count - _producerCachedTail.Value > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "more than the free slots handed out");
        }

        // Release: the consumer's acquire of _head sees every element written before it.
        Volatile.Write(ref _head.Value, head + count);
    }

    /// <summary>Consumer: the contiguous published elements from the read position (empty when none). Read, then <see cref="Release"/>.</summary>
    public ReadOnlySpan<T> GetReadSpan()
    {
        long tail = _tail.Value;
        long available = _consumerCachedHead.Value - tail;
        if (available == 0)
        {
            _consumerCachedHead.Value = Volatile.Read(ref _head.Value);
            available = _consumerCachedHead.Value - tail;
            if (available == 0)
            {
                return [];
            }
        }

        int start = (int)(tail & _mask);
        return _buffer.AsSpan(start, (int)Math.Min(available, _buffer.Length - start));
    }

    /// <summary>Consumer: frees the first <paramref name="count"/> elements of the last read span for the producer.</summary>
    public void Release(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long tail = _tail.Value;
        if (tail + count > _consumerCachedHead.Value)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "more than the elements handed out");
        }

        // Release: the producer may overwrite these slots only after our reads of them are done.
        Volatile.Write(ref _tail.Value, tail + count);
    }

    /// <summary>Consumer: copies up to <paramref name="destination"/>.Length elements out (across the wrap) and releases them.</summary>
    public int TryRead(Span<T> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            ReadOnlySpan<T> available = GetReadSpan();
            if (available.IsEmpty)
            {
                break;
            }

            int n = Math.Min(available.Length, destination.Length - copied);
            available[..n].CopyTo(destination[copied..]);
            Release(n);
            copied += n;
        }

        return copied;
    }
}
