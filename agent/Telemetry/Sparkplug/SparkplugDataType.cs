namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// The scalar Sparkplug B datatypes NodeAgent sends and accepts. The numbers are the specification's
/// <c>DataType</c> enum (Sparkplug 3.0.0, chapter 6, "Datatype Details") and travel as <c>Metric.datatype</c>.
/// </summary>
public enum SparkplugDataType : uint
{
    /// <summary>Signed 8-bit integer, 32-bit two's complement in <c>int_value</c>.</summary>
    Int8 = 1,
    /// <summary>Signed 16-bit integer, 32-bit two's complement in <c>int_value</c>.</summary>
    Int16 = 2,
    /// <summary>Signed 32-bit integer, two's complement in <c>int_value</c>.</summary>
    Int32 = 3,
    /// <summary>Signed 64-bit integer, two's complement in <c>long_value</c>.</summary>
    Int64 = 4,
    /// <summary>Unsigned 8-bit integer in <c>int_value</c>.</summary>
    UInt8 = 5,
    /// <summary>Unsigned 16-bit integer in <c>int_value</c>.</summary>
    UInt16 = 6,
    /// <summary>Unsigned 32-bit integer in <c>int_value</c>.</summary>
    UInt32 = 7,
    /// <summary>Unsigned 64-bit integer in <c>long_value</c>.</summary>
    UInt64 = 8,
    /// <summary>IEEE 754 single in <c>float_value</c>.</summary>
    Float = 9,
    /// <summary>IEEE 754 double in <c>double_value</c>.</summary>
    Double = 10,
    /// <summary>Boolean in <c>boolean_value</c>.</summary>
    Boolean = 11,
    /// <summary>UTF-8 string in <c>string_value</c>.</summary>
    String = 12,
    /// <summary>Milliseconds since the Unix epoch (UTC) in <c>long_value</c>.</summary>
    DateTime = 13,
    /// <summary>UTF-8 text in <c>string_value</c>.</summary>
    Text = 14,
}
