using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.CommandLine;

/// <summary>Turns the text of <c>send &lt;metric&gt;=&lt;value&gt;</c> into a typed value. Invariant culture. Pure.</summary>
internal static class CommandValueParser
{
    /// <summary>Parses <paramref name="text"/> as <paramref name="type"/>; false with a reason when it does not fit.</summary>
    public static bool TryParse(string text, SparkplugDataType type, out MetricValue value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        const NumberStyles integer = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
        CultureInfo c = CultureInfo.InvariantCulture;
        (bool ok, value) = type switch
        {
            SparkplugDataType.Boolean => TryBoolean(text, out bool b) ? (true, MetricValue.FromBoolean(b)) : default,
            SparkplugDataType.Int8 => sbyte.TryParse(text, integer, c, out sbyte i8) ? (true, MetricValue.FromInt8(i8)) : default,
            SparkplugDataType.Int16 => short.TryParse(text, integer, c, out short i16) ? (true, MetricValue.FromInt16(i16)) : default,
            SparkplugDataType.Int32 => int.TryParse(text, integer, c, out int i32) ? (true, MetricValue.FromInt32(i32)) : default,
            SparkplugDataType.Int64 => long.TryParse(text, integer, c, out long i64) ? (true, MetricValue.FromInt64(i64)) : default,
            SparkplugDataType.UInt8 => byte.TryParse(text, integer, c, out byte u8) ? (true, MetricValue.FromUInt8(u8)) : default,
            SparkplugDataType.UInt16 => ushort.TryParse(text, integer, c, out ushort u16) ? (true, MetricValue.FromUInt16(u16)) : default,
            SparkplugDataType.UInt32 => uint.TryParse(text, integer, c, out uint u32) ? (true, MetricValue.FromUInt32(u32)) : default,
            SparkplugDataType.UInt64 => ulong.TryParse(text, integer, c, out ulong u64) ? (true, MetricValue.FromUInt64(u64)) : default,
            SparkplugDataType.Float => float.TryParse(text, NumberStyles.Float, c, out float f) ? (true, MetricValue.FromFloat(f)) : default,
            SparkplugDataType.Double => double.TryParse(text, NumberStyles.Float, c, out double d) ? (true, MetricValue.FromDouble(d)) : default,
            SparkplugDataType.String => (true, MetricValue.FromString(text)),
            SparkplugDataType.Text => (true, MetricValue.FromText(text)),
            SparkplugDataType.DateTime => DateTimeOffset.TryParse(text, c, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) && t.ToUnixTimeMilliseconds() >= 0
                ? (true, MetricValue.FromDateTime(t)) : default,
            _ => default,
        };
        error = ok ? null : $"not a valid {type}";
        return ok;
    }

    /// <summary>The value of a metric whose datatype is unknown: Boolean, Int64, Double, else String.</summary>
    public static MetricValue Infer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        CultureInfo c = CultureInfo.InvariantCulture;
        if (TryBoolean(text, out bool b))
        {
            return MetricValue.FromBoolean(b);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, c, out long l))
        {
            return MetricValue.FromInt64(l);
        }

        return double.TryParse(text, NumberStyles.Float, c, out double d) ? MetricValue.FromDouble(d) : MetricValue.FromString(text);
    }

    private static bool TryBoolean(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE": value = true; return true;
            case "FALSE": value = false; return true;
            default: value = false; return false;
        }
    }
}
