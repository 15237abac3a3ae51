using System.Text;
using NodeAgent.Operator.Model;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Rendering;

/// <summary>
/// Draws a <see cref="FleetView"/> as one text frame: a status line, then one block per edge node with its devices.
/// A device that carries the agent's link metrics gets rates, QBER, keys, blocks, the alarm, the last estimate and
/// charts of the secret key rate and the QBER; any other device lists its first few metrics. Pure: the same view and
/// options give the same string.
/// </summary>
internal static class FleetRenderer
{
    private const string Indent = "  ";
    private const int LabelWidth = 12;
    private const int OtherMetricsShown = 8;
    private const string AnsiAlarm = "\e[1;37;41m";
    private const string AnsiOffline = "\e[1;31m";
    private const string AnsiOnline = "\e[32m";
    private const string AnsiReset = "\e[0m";

    /// <summary>Draws the frame; lines end with <c>\n</c>.</summary>
    public static string Render(FleetView view, FrameOptions options)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append(options.Status)
            .Append(Invariant($"   {view.Nodes.Count} node(s)  {view.Messages} msgs  {view.GarbagePayloads} garbage  "))
            .Append(options.Now.UtcDateTime.ToString("HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
            .Append('\n');
        text.Append(new string('─', Math.Clamp(options.Width, 20, 200))).Append('\n');
        if (view.Nodes.Count == 0)
        {
            text.Append("no edge nodes seen yet (births are sent when a node connects; ask for one with `nodeagent-ops send --node <id> rebirth`)\n");
        }

        foreach (EdgeNodeState node in view.Nodes)
        {
            RenderNode(text, node, options);
        }

        return text.ToString();
    }

    private static void RenderNode(StringBuilder text, EdgeNodeState node, FrameOptions options)
    {
        string state = node.Births == 0 ? "NO BIRTH SEEN"
            : node.Online ? Paint("ONLINE", AnsiOnline, options)
            : Paint("OFFLINE", AnsiOffline, options);
        string age = node.LastUpdate is DateTimeOffset t ? Units.Age(options.Now - t) + " ago" : "never";
        text.Append(node.GroupId).Append('/').Append(node.EdgeNodeId).Append("  ").Append(state)
            .Append(Invariant($"  bdSeq {(node.BdSeq is long b ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}"))
            .Append(Invariant($"  births {node.Births}  seq gaps {node.SeqGaps}  unknown aliases {node.UnknownAliases}  updated {age}"))
            .Append('\n');
        if (node.Births == 0)
        {
            text.Append(Indent).Append("no birth seen: metric names unknown (`nodeagent-ops send --node ")
                .Append(node.EdgeNodeId).Append(" rebirth`)\n");
        }

        if (node.Metrics.Text(LinkMetricNames.NodeLastCommand) is { Length: > 0 } last)
        {
            Line(text, "last cmd", last);
        }

        foreach (DeviceState device in node.Devices)
        {
            RenderDevice(text, node, device, options);
        }

        text.Append('\n');
    }

    private static void RenderDevice(StringBuilder text, EdgeNodeState node, DeviceState device, FrameOptions options)
    {
        MetricSet m = device.Metrics;
        string title = device.DeviceId + (device.Online || !node.Online ? string.Empty : " " + Paint("OFFLINE", AnsiOffline, options));
        if (m.Get(LinkMetricNames.SecretRate) is null && m.Get(LinkMetricNames.Qber) is null)
        {
            Line(text, title, m.Readings.Count == 0 ? "(no metrics)" : string.Empty);
            foreach (MetricReading reading in m.Readings.Values.Take(OtherMetricsShown))
            {
                Line(text, string.Empty, $"{reading.Name} = {Show(reading)}");
            }

            return;
        }

        Line(text, title,
            $"det/s {Units.Si(m.Number(LinkMetricNames.DetectionRate)),7}   sifted/s {Units.Si(m.Number(LinkMetricNames.SiftedRate)),7}   " +
            $"secret/s {Units.Si(m.Number(LinkMetricNames.SecretRate)),7}   QBER {Units.Percent(m.Number(LinkMetricNames.Qber))}");
        string discardReason = m.Text(LinkMetricNames.LastDiscardReason) is { Length: > 0 } r ? $" (last: {r})" : string.Empty;
        Line(text, string.Empty,
            $"keys {Units.Count(m.Number(LinkMetricNames.KeysStored))}   blocks {Units.Count(m.Number(LinkMetricNames.BlocksAccepted))} ok / " +
            $"{Units.Count(m.Number(LinkMetricNames.BlocksDiscarded))} discarded{discardReason}");
        string method = m.Text(LinkMetricNames.EstimateMethod) is { Length: > 0 } name ? $"  ({name})" : string.Empty;
        Line(text, string.Empty,
            $"estimate  secret length {Units.Count(m.Number(LinkMetricNames.EstimateSecretLength))} bits   " +
            $"phase error {Units.Percent(m.Number(LinkMetricNames.EstimatePhaseError))}{method}");
        if (m.Text(LinkMetricNames.Alarm) is { Length: > 0 } alarm)
        {
            Line(text, string.Empty, Paint($"ALARM: {alarm}", AnsiAlarm, options));
        }

        if (m.Text(LinkMetricNames.DeviceLastCommand) is { Length: > 0 } lastCommand)
        {
            Line(text, string.Empty, $"last cmd: {lastCommand}");
        }

        Chart(text, "secret/s", m.History(LinkMetricNames.SecretRate), options, Units.Si);
        Chart(text, "QBER", m.History(LinkMetricNames.Qber), options, Units.Percent);
    }

    private static void Chart(StringBuilder text, string label, MetricHistory? history, FrameOptions options, Func<double?, string> format)
    {
        double[] values = history?.ValuesSince(options.Now - options.ChartWindow) ?? [];
        double[] shown = values.Length > options.ChartWidth ? values[^options.ChartWidth..] : values;
        double[] finite = [.. shown.Where(double.IsFinite)];
        string range = finite.Length == 0 ? "no data" : $"{format(finite.Min())} … {format(finite.Max())}";
        Line(text, string.Empty, $"{label,-9}{Sparkline.Render(shown, options.ChartWidth)}  {range}");
    }

    private static string Show(MetricReading reading) => reading.Value switch
    {
        null => "null",
        { IsNumeric: true } v => Units.Si(v.AsDouble()),
        { DataType: SparkplugDataType.Boolean } v => v.AsBoolean() ? "true" : "false",
        { DataType: SparkplugDataType.String or SparkplugDataType.Text } v => v.AsString(),
        { } v => v.ToString(),
    };

    private static void Line(StringBuilder text, string label, string content) =>
        text.Append(Indent).Append(label.PadRight(LabelWidth)).Append(content).Append('\n');

    private static string Paint(string text, string sgr, FrameOptions options) =>
        options.Color ? sgr + text + AnsiReset : text;

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
