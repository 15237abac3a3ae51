namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Clicks already generated but possibly not yet in time order: once the jitter reaches half a slot, a photon click can
/// land before a dark count of the previous slot or swap with a neighbouring photon click. Kept sorted by time,
/// ties in insertion order; it holds only the clicks of the last few slots, so insertion by shifting from the back is
/// cheaper than a heap. The array grows by doubling and is reused: no allocation per click.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class ReorderBuffer
{
    private PendingClick[] _items = new PendingClick[16];
    private int _head;
    private int _count;

    public int Count => _count;

    /// <summary>The earliest pending click; only valid when <see cref="Count"/> &gt; 0.</summary>
    public ref readonly PendingClick First => ref _items[_head];

    public void RemoveFirst()
    {
        _head++;
        _count--;
        if (_count == 0)
        {
            _head = 0;
        }
    }

    public void Add(in PendingClick click)
    {
        if (_head + _count == _items.Length)
        {
            if (_head > 0)
            {
                Array.Copy(_items, _head, _items, 0, _count);
                _head = 0;
            }
            else
            {
                Array.Resize(ref _items, _items.Length * 2);
            }
        }

        // Strictly-greater keeps equal times in insertion order, so the release order is a pure function of the seed.
        int i = _head + _count;
        while (i > _head && _items[i - 1].TimePs > click.TimePs)
        {
            _items[i] = _items[i - 1];
            i--;
        }

        _items[i] = click;
        _count++;
    }
}
