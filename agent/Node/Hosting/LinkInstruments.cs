using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace NodeAgent.Node.Hosting;

/// <summary>
/// The link values as <see cref="System.Diagnostics.Metrics"/> instruments of the meter <c>NodeAgent</c>, for
/// OpenTelemetry or <c>dotnet-counters</c>: detections, sifted and secret bits as observable counters; QBER, keys
/// stored, reconciliation efficiency and the last secret length as observable gauges; rejected operator commands as a
/// counter. Every measurement carries the tag <c>end</c> (alice or bob).
/// </summary>
/// <remarks>Thread-safe: the observable callbacks read the ends' thread-safe statistics.</remarks>
public sealed class LinkInstruments : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "NodeAgent";

    private readonly IReadOnlyList<LinkEnd> _ends;
    private readonly Counter<long> _commandsRejected;

    /// <summary>Creates the meter and its instruments over <paramref name="ends"/>.</summary>
    public LinkInstruments(IReadOnlyList<LinkEnd> ends)
    {
        _ends = ends;
        string? version = typeof(LinkInstruments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Meter = new Meter(MeterName, version);
        Meter.CreateObservableCounter("nodeagent.link.detections", () => Observe(e => e.Statistics.Detections), "{detection}", "Detections seen");
        Meter.CreateObservableCounter("nodeagent.link.sifted_bits", () => Observe(e => e.Statistics.SiftedBits), "bit", "Bits kept by basis sifting");
        Meter.CreateObservableCounter("nodeagent.link.secret_bits", () => Observe(e => e.Statistics.SecretBits), "bit", "Secret key bits committed to the store");
        Meter.CreateObservableGauge("nodeagent.link.qber", () => Observe(e => e.Statistics.LastQber), null, "Test-basis QBER of the last block");
        Meter.CreateObservableGauge("nodeagent.link.keys_stored", () => Observe(e => (long)e.Store.Count), "{key}", "Keys in the store");
        Meter.CreateObservableGauge("nodeagent.link.reconciliation_efficiency", () => Observe(e => e.Statistics.LastEfficiency), null, "Reconciliation efficiency f of the last block");
        Meter.CreateObservableGauge("nodeagent.link.secret_length", () => Observe(e => e.Statistics.LastEstimate?.SecretLength ?? double.NaN), "bit", "Secret length of the last block's finite-key estimate");
        _commandsRejected = Meter.CreateCounter<long>("nodeagent.telemetry.commands_rejected", "{command}", "Operator commands (NCMD/DCMD) refused");
    }

    /// <summary>The meter (<c>NodeAgent</c>); disposed with this object.</summary>
    public Meter Meter { get; }

    /// <summary>Counts <paramref name="count"/> refused commands addressed to <paramref name="end"/>.</summary>
    public void CommandsRejected(string end, long count) => _commandsRejected.Add(count, new KeyValuePair<string, object?>("end", end));

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<long>> Observe(Func<LinkEnd, long> read)
    {
        foreach (LinkEnd end in _ends)
        {
            yield return new Measurement<long>(read(end), Tag(end));
        }
    }

    // Nothing measured yet (NaN) is no measurement rather than a poisoned series.
    private IEnumerable<Measurement<double>> Observe(Func<LinkEnd, double> read)
    {
        foreach (LinkEnd end in _ends)
        {
            double value = read(end);
            if (double.IsFinite(value))
            {
                yield return new Measurement<double>(value, Tag(end));
            }
        }
    }

    private static TagList Tag(LinkEnd end) => new() { { "end", end.Name } };
}
