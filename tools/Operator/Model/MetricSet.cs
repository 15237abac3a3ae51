namespace NodeAgent.Operator.Model;

/// <summary>The metrics of an edge node or of one of its devices: last readings by name, and charted histories.</summary>
internal sealed class MetricSet
{
    private readonly Dictionary<string, MetricReading> _readings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricHistory> _histories = new(StringComparer.Ordinal);

    /// <summary>Every reading, by metric name.</summary>
    public IReadOnlyDictionary<string, MetricReading> Readings => _readings;

    /// <summary>The reading of <paramref name="name"/>, or null.</summary>
    public MetricReading? Get(string name) => _readings.GetValueOrDefault(name);

    /// <summary>The numeric value of <paramref name="name"/>, or null when unknown or not numeric.</summary>
    public double? Number(string name) => Get(name)?.Number;

    /// <summary>The text value of <paramref name="name"/>, or null when unknown or not a string.</summary>
    public string? Text(string name) => Get(name)?.Text;

    /// <summary>The history of a charted metric, or null when it is not charted or has no points yet.</summary>
    public MetricHistory? History(string name) => _histories.GetValueOrDefault(name);

    /// <summary>Stores a reading; numeric values of charted metrics also go into their history.</summary>
    public void Set(MetricReading reading, ChartSettings charts)
    {
        _readings[reading.Name] = reading;
        if (reading.Number is double value && charts.Metrics.Contains(reading.Name))
        {
            if (!_histories.TryGetValue(reading.Name, out MetricHistory? history))
            {
                history = new MetricHistory(charts.Capacity, charts.Window);
                _histories.Add(reading.Name, history);
            }

            history.Add(reading.Updated, value);
        }
    }

    /// <summary>Forgets the readings (a new birth restates them all); the histories stay, so charts span rebirths.</summary>
    public void ClearReadings() => _readings.Clear();
}
