using System.Globalization;

namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// A typed scalar metric value: the Sparkplug datatype and the value, held as its wire bits (integers, booleans,
/// floats and date-times) or its text (String, Text). Immutable; equality compares datatype and value bit for bit
/// (so NaN equals NaN and 0.0 differs from -0.0, which is what "did it change" needs).
/// </summary>
public readonly struct MetricValue : IEquatable<MetricValue>
{
    private readonly ulong _bits;
    private readonly string? _text;

    private MetricValue(SparkplugDataType dataType, ulong bits, string? text)
    {
        DataType = dataType;
        _bits = bits;
        _text = text;
    }

    /// <summary>The Sparkplug datatype.</summary>
    public SparkplugDataType DataType { get; }

    /// <summary>Whether the value is numeric (integer, float or double), i.e. has a deadband.</summary>
    public bool IsNumeric => DataType is >= SparkplugDataType.Int8 and <= SparkplugDataType.Double;

    public static MetricValue FromInt8(sbyte value) => new(SparkplugDataType.Int8, SparkplugIntegers.FromInt8(value), null);
    public static MetricValue FromInt16(short value) => new(SparkplugDataType.Int16, SparkplugIntegers.FromInt16(value), null);
    public static MetricValue FromInt32(int value) => new(SparkplugDataType.Int32, SparkplugIntegers.FromInt32(value), null);
    public static MetricValue FromInt64(long value) => new(SparkplugDataType.Int64, SparkplugIntegers.FromInt64(value), null);
    public static MetricValue FromUInt8(byte value) => new(SparkplugDataType.UInt8, value, null);
    public static MetricValue FromUInt16(ushort value) => new(SparkplugDataType.UInt16, value, null);
    public static MetricValue FromUInt32(uint value) => new(SparkplugDataType.UInt32, value, null);
    public static MetricValue FromUInt64(ulong value) => new(SparkplugDataType.UInt64, value, null);
    public static MetricValue FromFloat(float value) => new(SparkplugDataType.Float, BitConverter.SingleToUInt32Bits(value), null);
    public static MetricValue FromDouble(double value) => new(SparkplugDataType.Double, BitConverter.DoubleToUInt64Bits(value), null);
    public static MetricValue FromBoolean(bool value) => new(SparkplugDataType.Boolean, value ? 1UL : 0UL, null);
    public static MetricValue FromString(string value) => new(SparkplugDataType.String, 0, value ?? throw new ArgumentNullException(nameof(value)));
    public static MetricValue FromText(string value) => new(SparkplugDataType.Text, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A DateTime value, truncated to whole milliseconds since the Unix epoch (the wire resolution).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant is before the epoch (the wire field is unsigned).</exception>
    public static MetricValue FromDateTime(DateTimeOffset value)
    {
        long ms = value.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(value));
        return new(SparkplugDataType.DateTime, (ulong)ms, null);
    }

    /// <summary>
    /// The value from its Sparkplug wire field: <paramref name="bits"/> is <c>int_value</c> or <c>long_value</c>
    /// (integers, DateTime), the float or double bits, or 0/1 for Boolean; <paramref name="text"/> is
    /// <c>string_value</c>. False when the bits are out of range for the datatype.
    /// </summary>
    internal static bool TryFromWire(SparkplugDataType type, ulong bits, string? text, out MetricValue value)
    {
        value = default;
        switch (type)
        {
            case SparkplugDataType.Int8:
                if (bits > uint.MaxValue || !SparkplugIntegers.TryToInt8((uint)bits, out sbyte i8)) { return false; }
                value = FromInt8(i8);
                return true;
            case SparkplugDataType.Int16:
                if (bits > uint.MaxValue || !SparkplugIntegers.TryToInt16((uint)bits, out short i16)) { return false; }
                value = FromInt16(i16);
                return true;
            case SparkplugDataType.Int32:
            case SparkplugDataType.UInt32:
            case SparkplugDataType.Float:
                if (bits > uint.MaxValue) { return false; }
                value = new(type, bits, null);
                return true;
            case SparkplugDataType.UInt8:
                if (bits > byte.MaxValue) { return false; }
                value = new(type, bits, null);
                return true;
            case SparkplugDataType.UInt16:
                if (bits > ushort.MaxValue) { return false; }
                value = new(type, bits, null);
                return true;
            case SparkplugDataType.Boolean:
                value = FromBoolean(bits != 0);
                return true;
            case SparkplugDataType.String:
            case SparkplugDataType.Text:
                if (text is null) { return false; }
                value = new(type, 0, text);
                return true;
            case SparkplugDataType.Int64:
            case SparkplugDataType.UInt64:
            case SparkplugDataType.Double:
            case SparkplugDataType.DateTime:
                value = new(type, bits, null);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The raw wire bits: <c>int_value</c>/<c>long_value</c> for integers and DateTime, IEEE bits for floats.</summary>
    internal ulong WireBits => _bits;

    /// <summary>The value of a signed or unsigned integer type as Int64.</summary>
    /// <exception cref="InvalidOperationException">Not an integer type, or a UInt64 above <see cref="long.MaxValue"/>.</exception>
    public long AsInt64() => DataType switch
    {
        SparkplugDataType.Int8 or SparkplugDataType.Int16 or SparkplugDataType.Int32 => SparkplugIntegers.ToInt32((uint)_bits),
        SparkplugDataType.Int64 => SparkplugIntegers.ToInt64(_bits),
        SparkplugDataType.UInt8 or SparkplugDataType.UInt16 or SparkplugDataType.UInt32 => (long)_bits,
        SparkplugDataType.UInt64 when _bits <= long.MaxValue => (long)_bits,
        _ => throw new InvalidOperationException($"A {DataType} value is not representable as Int64."),
    };

    /// <summary>The value of an unsigned integer type.</summary>
    /// <exception cref="InvalidOperationException">Not an unsigned integer type.</exception>
    public ulong AsUInt64() => DataType is SparkplugDataType.UInt8 or SparkplugDataType.UInt16 or SparkplugDataType.UInt32 or SparkplugDataType.UInt64
        ? _bits
        : throw new InvalidOperationException($"A {DataType} value is not unsigned.");

    /// <summary>The value of any numeric type as a double (UInt64/Int64 may round).</summary>
    /// <exception cref="InvalidOperationException">Not a numeric type.</exception>
    public double AsDouble() => DataType switch
    {
        SparkplugDataType.Float => BitConverter.UInt32BitsToSingle((uint)_bits),
        SparkplugDataType.Double => BitConverter.UInt64BitsToDouble(_bits),
        SparkplugDataType.UInt64 => _bits,
        _ when IsNumeric => AsInt64(),
        _ => throw new InvalidOperationException($"A {DataType} value is not numeric."),
    };

    /// <summary>The value of a Boolean.</summary>
    /// <exception cref="InvalidOperationException">Not a Boolean.</exception>
    public bool AsBoolean() => DataType == SparkplugDataType.Boolean
        ? _bits != 0
        : throw new InvalidOperationException($"A {DataType} value is not Boolean.");

    /// <summary>The value of a String or Text.</summary>
    /// <exception cref="InvalidOperationException">Not a String or Text.</exception>
    public string AsString() => _text ?? throw new InvalidOperationException($"A {DataType} value is not a string.");

    /// <summary>The value of a DateTime.</summary>
    /// <exception cref="InvalidOperationException">Not a DateTime.</exception>
    public DateTimeOffset AsDateTime() => DataType == SparkplugDataType.DateTime
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(_bits, (ulong)253402300799999))
        : throw new InvalidOperationException($"A {DataType} value is not a DateTime.");

    public bool Equals(MetricValue other) => DataType == other.DataType && _bits == other._bits && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is MetricValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(DataType, _bits, _text);

    public static bool operator ==(MetricValue left, MetricValue right) => left.Equals(right);

    public static bool operator !=(MetricValue left, MetricValue right) => !left.Equals(right);

    /// <summary>The value in invariant culture, e.g. <c>Int32:-5</c>.</summary>
    public override string ToString() => DataType switch
    {
        SparkplugDataType.String or SparkplugDataType.Text => $"{DataType}:{_text}",
        SparkplugDataType.Boolean => $"{DataType}:{AsBoolean()}",
        SparkplugDataType.DateTime => $"{DataType}:{_bits}",
        SparkplugDataType.UInt64 => $"{DataType}:{_bits}",
        SparkplugDataType.Float or SparkplugDataType.Double => string.Create(CultureInfo.InvariantCulture, $"{DataType}:{AsDouble():R}"),
        _ when IsNumeric => string.Create(CultureInfo.InvariantCulture, $"{DataType}:{AsInt64()}"),
        _ => DataType.ToString(),
    };
}
