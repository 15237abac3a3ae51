namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// The bounded FIFO of <see cref="MqttTransport"/>: a priority lane (births, drained first) and a normal lane. When
/// full, the oldest normal message is dropped (the oldest priority message only when no normal one is left).
/// The single consumer peeks the head, publishes it and then removes it only if it is still the head, so a message
/// dropped while it was in flight is not confused with the one behind it. Thread-safe.
/// </summary>
internal sealed class OfflineBuffer
{
    private readonly Lock _lock = new();
    private readonly LinkedList<MqttOutgoingMessage> _priority = new();
    private readonly LinkedList<MqttOutgoingMessage> _normal = new();
    private readonly int _capacity;

    public OfflineBuffer(int capacity) => _capacity = capacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _priority.Count + _normal.Count;
            }
        }
    }

    /// <summary>Appends a message; returns how many were dropped to make room (0 or 1).</summary>
    public int Add(MqttOutgoingMessage message, bool priority)
    {
        lock (_lock)
        {
            int dropped = 0;
            if (_priority.Count + _normal.Count >= _capacity)
            {
                (_normal.Count > 0 ? _normal : _priority).RemoveFirst();
                dropped = 1;
            }

            (priority ? _priority : _normal).AddLast(message);
            return dropped;
        }
    }

    /// <summary>The next message to send, or null when empty.</summary>
    public LinkedListNode<MqttOutgoingMessage>? PeekNode()
    {
        lock (_lock)
        {
            return _priority.First ?? _normal.First;
        }
    }

    /// <summary>Removes <paramref name="node"/> if it is still buffered (it was not dropped meanwhile).</summary>
    public void Remove(LinkedListNode<MqttOutgoingMessage> node)
    {
        lock (_lock)
        {
            node.List?.Remove(node);
        }
    }

    /// <summary>Empties the buffer and returns how many messages it held.</summary>
    public int Clear()
    {
        lock (_lock)
        {
            int count = _priority.Count + _normal.Count;
            _priority.Clear();
            _normal.Clear();
            return count;
        }
    }
}
