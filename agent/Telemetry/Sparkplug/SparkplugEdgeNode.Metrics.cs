namespace NodeAgent.Telemetry.Sparkplug;

public sealed partial class SparkplugEdgeNode
{
    /// <summary>One metric's definition, current value and last reported value.</summary>
    private sealed class MetricState(MetricDefinition definition, MetricValue initial)
    {
        public MetricDefinition Definition { get; } = definition;

        public MetricValue Current { get; set; } = initial;

        public MetricValue LastReported { get; set; } = initial;

        /// <summary>
        /// Report-by-exception with an absolute deadband: numeric metrics report when |current − last| exceeds the
        /// deadband (any change when it is 0, and any change into or out of NaN); others on any change.
        /// </summary>
        public bool HasChanged()
        {
            if (Current == LastReported)
            {
                return false;
            }

            if (!Current.IsNumeric || Definition.Deadband <= 0)
            {
                return true;
            }

            double now = Current.AsDouble();
            double then = LastReported.AsDouble();
            return double.IsNaN(now) || double.IsNaN(then) || Math.Abs(now - then) > Definition.Deadband;
        }
    }

    /// <summary>The metrics of the node or of one device, in the order they were added.</summary>
    private sealed class MetricScope(string? deviceId)
    {
        private readonly List<MetricState> _metrics = [];
        private readonly Dictionary<string, MetricState> _byName = new(StringComparer.Ordinal);

        public string? DeviceId { get; } = deviceId;

        public IReadOnlyList<MetricState> Metrics => _metrics;

        public MetricState? Find(string name) => _byName.GetValueOrDefault(name);

        public MetricState? FindByAlias(ulong alias) => _metrics.Find(m => m.Definition.Alias == alias);

        public void Add(MetricState state)
        {
            _metrics.Add(state);
            _byName.Add(state.Definition.Name, state);
        }

        /// <summary>Every metric's current value for a birth; what a birth carries counts as reported.</summary>
        public List<MetricSample> Snapshot(DateTimeOffset now)
        {
            var samples = new List<MetricSample>(_metrics.Count);
            foreach (MetricState state in _metrics)
            {
                state.LastReported = state.Current;
                samples.Add(new MetricSample(state.Definition, state.Current, now));
            }

            return samples;
        }
    }
}
