namespace NodeAgent.Operator.Model;

/// <summary>
/// The recent values of one numeric metric, oldest first, bounded both by count and by age (a ring that drops its
/// oldest points). Values are kept as they arrived: Sparkplug data is report-by-exception, so the spacing is the
/// publisher's (about one per second for the agent's rates).
/// </summary>
internal sealed class MetricHistory
{
    private readonly Queue<(DateTimeOffset Time, double Value)> _points = new();
    private readonly int _capacity;
    private readonly TimeSpan _window;

    public MetricHistory(int capacity, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _window = window;
    }

    /// <summary>How many points are held.</summary>
    public int Count => _points.Count;

    /// <summary>Appends a point and drops those beyond the capacity or older than the window before <paramref name="time"/>.</summary>
    public void Add(DateTimeOffset time, double value)
    {
        _points.Enqueue((time, value));
        while (_points.Count > _capacity || (_points.Count > 0 && _points.Peek().Time < time - _window))
        {
            _points.Dequeue();
        }
    }

    /// <summary>The values received at or after <paramref name="since"/>, oldest first.</summary>
    public double[] ValuesSince(DateTimeOffset since) => [.. _points.Where(p => p.Time >= since).Select(p => p.Value)];
}
