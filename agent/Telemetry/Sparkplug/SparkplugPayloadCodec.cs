using Google.Protobuf;
using NodeAgent.Telemetry.Sparkplug.Protos;
using Metric = NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric;

namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// Encodes the edge node's Sparkplug B payloads and decodes the commands it receives (Sparkplug 3.0.0, chapter 6):
/// <list type="bullet">
/// <item>NBIRTH: timestamp, seq 0, <c>bdSeq</c> (Int64), <c>Node Control/Rebirth</c> (Boolean false, no alias, so host
/// applications address it by name), then every node metric with name, alias, datatype, timestamp and value.</item>
/// <item>DBIRTH: timestamp, seq, every device metric with name, alias, datatype, timestamp and value.</item>
/// <item>NDATA/DDATA: timestamp, seq, the changed metrics by alias only (with datatype, timestamp and value).</item>
/// <item>NDEATH: timestamp and the <c>bdSeq</c> metric only; no seq. DDEATH: timestamp and seq.</item>
/// </list>
/// Command decoding never throws on hostile input: malformed or oversized payloads, unknown metrics and wrong
/// datatypes come back as <see cref="SparkplugCommandRejection"/>s. Stateless and thread-safe.
/// </summary>
public sealed class SparkplugPayloadCodec
{
    /// <summary>The default largest command payload accepted, 64 KiB.</summary>
    public const int DefaultMaxPayloadBytes = 64 * 1024;

    /// <summary>The name of the birth/death sequence metric.</summary>
    public const string BdSeqMetricName = "bdSeq";

    /// <summary>The name of the rebirth request metric every NBIRTH must carry.</summary>
    public const string RebirthMetricName = "Node Control/Rebirth";

    /// <summary>Creates a codec that rejects command payloads larger than <paramref name="maxPayloadBytes"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPayloadBytes"/> is not positive.</exception>
    public SparkplugPayloadCodec(int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPayloadBytes);
        MaxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The largest command payload accepted, in bytes.</summary>
    public int MaxPayloadBytes { get; }

    /// <summary>The definition of <c>Node Control/Rebirth</c>: Boolean, writable, no alias.</summary>
    public static MetricDefinition RebirthDefinition { get; } = new(RebirthMetricName, SparkplugDataType.Boolean) { Writable = true };

    /// <summary>Encodes an NBIRTH (seq 0).</summary>
    public static byte[] EncodeNodeBirth(DateTimeOffset timestamp, byte bdSeq, IEnumerable<MetricSample> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Payload payload = NewPayload(timestamp, seq: 0);
        ulong ms = ToWireTime(timestamp);
        payload.Metrics.Add(new Metric { Name = BdSeqMetricName, Timestamp = ms, Datatype = (uint)SparkplugDataType.Int64, LongValue = bdSeq });
        payload.Metrics.Add(new Metric { Name = RebirthMetricName, Timestamp = ms, Datatype = (uint)SparkplugDataType.Boolean, BooleanValue = false });
        AddBirthMetrics(payload, metrics);
        return payload.ToByteArray();
    }

    /// <summary>Encodes a DBIRTH.</summary>
    public static byte[] EncodeDeviceBirth(DateTimeOffset timestamp, byte seq, IEnumerable<MetricSample> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Payload payload = NewPayload(timestamp, seq);
        AddBirthMetrics(payload, metrics);
        return payload.ToByteArray();
    }

    /// <summary>Encodes an NDATA or DDATA: metrics by alias only.</summary>
    /// <exception cref="ArgumentException">A metric has no alias.</exception>
    public static byte[] EncodeData(DateTimeOffset timestamp, byte seq, IEnumerable<MetricSample> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Payload payload = NewPayload(timestamp, seq);
        foreach (MetricSample sample in metrics)
        {
            ulong alias = sample.Definition.Alias
                ?? throw new ArgumentException($"Metric '{sample.Definition.Name}' has no alias; data messages carry aliases only.", nameof(metrics));
            Metric metric = new() { Alias = alias, Timestamp = ToWireTime(sample.Timestamp), Datatype = (uint)sample.Definition.DataType };
            if (sample.IsHistorical)
            {
                metric.IsHistorical = true;
            }

            SetValue(metric, sample);
            payload.Metrics.Add(metric);
        }

        return payload.ToByteArray();
    }

    /// <summary>Encodes an NDEATH: the bdSeq metric only, no seq.</summary>
    public static byte[] EncodeNodeDeath(DateTimeOffset timestamp, byte bdSeq)
    {
        Payload payload = new() { Timestamp = ToWireTime(timestamp) };
        payload.Metrics.Add(new Metric { Name = BdSeqMetricName, Timestamp = payload.Timestamp, Datatype = (uint)SparkplugDataType.Int64, LongValue = bdSeq });
        return payload.ToByteArray();
    }

    /// <summary>Encodes a DDEATH: timestamp and seq, no metrics.</summary>
    public static byte[] EncodeDeviceDeath(DateTimeOffset timestamp, byte seq) => NewPayload(timestamp, seq).ToByteArray();

    /// <summary>
    /// Decodes an NCMD/DCMD payload against the metrics born on the addressed node or device. Each metric is found by
    /// name (or by alias when it has no name), must be writable, must carry the metric's datatype (when it states
    /// one) and the value field that datatype travels in, and must hold a value in range. Never throws.
    /// </summary>
    /// <param name="payload">The MQTT payload.</param>
    /// <param name="known">The metrics a command may address.</param>
    /// <param name="deviceId">The device of a DCMD (copied into the commands); null for an NCMD.</param>
    public SparkplugCommandBatch DecodeCommand(ReadOnlySpan<byte> payload, IReadOnlyCollection<MetricDefinition> known, string? deviceId = null)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (payload.Length > MaxPayloadBytes)
        {
            return Refused(SparkplugRejectionReason.Oversized, $"{payload.Length} bytes, limit {MaxPayloadBytes}");
        }

        Payload decoded;
        try
        {
            decoded = Payload.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return Refused(SparkplugRejectionReason.Malformed, "not a Sparkplug B protobuf payload");
        }

        var byName = new Dictionary<string, MetricDefinition>(StringComparer.Ordinal);
        var byAlias = new Dictionary<ulong, MetricDefinition>();
        foreach (MetricDefinition definition in known)
        {
            byName[definition.Name] = definition;
            if (definition.Alias is ulong alias)
            {
                byAlias[alias] = definition;
            }
        }

        var commands = new List<SparkplugCommand>();
        var rejections = new List<SparkplugCommandRejection>();
        foreach (Metric metric in decoded.Metrics)
        {
            if (TryValidate(metric, byName, byAlias, out MetricDefinition? definition, out MetricValue value, out SparkplugCommandRejection rejection))
            {
                commands.Add(new SparkplugCommand(deviceId, definition, value));
            }
            else
            {
                rejections.Add(rejection);
            }
        }

        return new SparkplugCommandBatch(commands, rejections);
    }

    private static bool TryValidate(
        Metric metric,
        Dictionary<string, MetricDefinition> byName,
        Dictionary<ulong, MetricDefinition> byAlias,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetricDefinition? definition,
        out MetricValue value,
        out SparkplugCommandRejection rejection)
    {
        value = default;
        rejection = default;
        string target;
        if (metric.HasName)
        {
            target = metric.Name;
            if (!byName.TryGetValue(metric.Name, out definition)
                || (metric.HasAlias && definition.Alias != metric.Alias))
            {
                definition = null;
                rejection = new(target, SparkplugRejectionReason.UnknownMetric, metric.HasAlias ? "no such name and alias" : "no such metric");
                return false;
            }
        }
        else if (metric.HasAlias)
        {
            target = $"alias {metric.Alias}";
            if (!byAlias.TryGetValue(metric.Alias, out definition))
            {
                rejection = new(target, SparkplugRejectionReason.UnknownMetric, "no such alias");
                return false;
            }
        }
        else
        {
            definition = null;
            rejection = new(string.Empty, SparkplugRejectionReason.Malformed, "metric without name or alias");
            return false;
        }

        SparkplugRejectionReason? reason = null;
        string detail = string.Empty;
        if (!definition.Writable)
        {
            (reason, detail) = (SparkplugRejectionReason.NotWritable, "read-only metric");
        }
        else if (metric.HasDatatype && metric.Datatype != (uint)definition.DataType)
        {
            (reason, detail) = (SparkplugRejectionReason.WrongDataType, $"datatype {metric.Datatype}, expected {definition.DataType}");
        }
        else if (metric.HasIsNull && metric.IsNull)
        {
            (reason, detail) = (SparkplugRejectionReason.InvalidValue, "null value");
        }
        else if (!TryReadValue(metric, definition.DataType, out value, out bool fieldMatches))
        {
            (reason, detail) = fieldMatches
                ? (SparkplugRejectionReason.InvalidValue, $"out of range for {definition.DataType}")
                : (SparkplugRejectionReason.WrongDataType, $"value field {metric.ValueCase}, expected {definition.DataType}");
        }

        if (reason is SparkplugRejectionReason r)
        {
            rejection = new(target, r, detail);
            definition = null;
            return false;
        }

        return true;
    }

    /// <summary>Reads the value field that <paramref name="type"/> travels in; <paramref name="fieldMatches"/> tells a wrong field from a bad value.</summary>
    private static bool TryReadValue(Metric metric, SparkplugDataType type, out MetricValue value, out bool fieldMatches)
    {
        value = default;
        (fieldMatches, ulong bits, string? text) = (type, metric.ValueCase) switch
        {
            (SparkplugDataType.Int8 or SparkplugDataType.Int16 or SparkplugDataType.Int32 or SparkplugDataType.UInt8
                or SparkplugDataType.UInt16 or SparkplugDataType.UInt32, Metric.ValueOneofCase.IntValue) => (true, (ulong)metric.IntValue, (string?)null),
            // Eclipse Tahu's JavaScript codec (sparkplug-payload 1.0.x) writes UInt32 into long_value; accept it.
            (SparkplugDataType.UInt32, Metric.ValueOneofCase.LongValue) => (true, metric.LongValue, null),
            (SparkplugDataType.Int64 or SparkplugDataType.UInt64 or SparkplugDataType.DateTime, Metric.ValueOneofCase.LongValue) => (true, metric.LongValue, null),
            (SparkplugDataType.Float, Metric.ValueOneofCase.FloatValue) => (true, BitConverter.SingleToUInt32Bits(metric.FloatValue), null),
            (SparkplugDataType.Double, Metric.ValueOneofCase.DoubleValue) => (true, BitConverter.DoubleToUInt64Bits(metric.DoubleValue), null),
            (SparkplugDataType.Boolean, Metric.ValueOneofCase.BooleanValue) => (true, metric.BooleanValue ? 1UL : 0UL, null),
            (SparkplugDataType.String or SparkplugDataType.Text, Metric.ValueOneofCase.StringValue) => (true, 0UL, metric.StringValue),
            _ => (false, 0UL, null),
        };
        return fieldMatches && MetricValue.TryFromWire(type, bits, text, out value);
    }

    private static void AddBirthMetrics(Payload payload, IEnumerable<MetricSample> metrics)
    {
        foreach (MetricSample sample in metrics)
        {
            Metric metric = new() { Name = sample.Definition.Name, Timestamp = ToWireTime(sample.Timestamp), Datatype = (uint)sample.Definition.DataType };
            if (sample.Definition.Alias is ulong alias)
            {
                metric.Alias = alias;
            }

            SetValue(metric, sample);
            payload.Metrics.Add(metric);
        }
    }

    private static void SetValue(Metric metric, MetricSample sample)
    {
        MetricValue value = sample.Value;
        if (value.DataType != sample.Definition.DataType)
        {
            throw new ArgumentException($"Metric '{sample.Definition.Name}' is {sample.Definition.DataType}, the value is {value.DataType}.", nameof(sample));
        }

        switch (value.DataType)
        {
            case SparkplugDataType.Int8 or SparkplugDataType.Int16 or SparkplugDataType.Int32
                or SparkplugDataType.UInt8 or SparkplugDataType.UInt16 or SparkplugDataType.UInt32:
                metric.IntValue = (uint)value.WireBits;
                break;
            case SparkplugDataType.Int64 or SparkplugDataType.UInt64 or SparkplugDataType.DateTime:
                metric.LongValue = value.WireBits;
                break;
            case SparkplugDataType.Float:
                metric.FloatValue = BitConverter.UInt32BitsToSingle((uint)value.WireBits);
                break;
            case SparkplugDataType.Double:
                metric.DoubleValue = BitConverter.UInt64BitsToDouble(value.WireBits);
                break;
            case SparkplugDataType.Boolean:
                metric.BooleanValue = value.AsBoolean();
                break;
            case SparkplugDataType.String or SparkplugDataType.Text:
                metric.StringValue = value.AsString();
                break;
            default:
                throw new ArgumentException($"Unsupported datatype {value.DataType}.", nameof(sample));
        }
    }

    private static Payload NewPayload(DateTimeOffset timestamp, byte seq) => new() { Timestamp = ToWireTime(timestamp), Seq = seq };

    private static ulong ToWireTime(DateTimeOffset timestamp) => (ulong)Math.Max(0, timestamp.ToUnixTimeMilliseconds());

    private static SparkplugCommandBatch Refused(SparkplugRejectionReason reason, string detail) =>
        new([], [new SparkplugCommandRejection(string.Empty, reason, detail)]);
}
