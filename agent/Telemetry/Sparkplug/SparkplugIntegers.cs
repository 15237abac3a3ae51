namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// Signed integers in Sparkplug's unsigned value fields. The specification carries Int8, Int16 and Int32 in the
/// <c>uint32 int_value</c> field and Int64 in <c>uint64 long_value</c> (Sparkplug 3.0.0, chapter 6, "Datatype
/// Details"); the bits are the two's complement of the value, sign-extended to the field width, which is what
/// Eclipse Tahu writes and reads (<c>new Int32Array([intValue])[0]</c>, <c>Long.toSigned()</c>).
/// <code>
///   Int8  -1        → int_value  0xFFFFFFFF      Int16 -32768 → int_value 0xFFFF8000
///   Int32 int.Min   → int_value  0x80000000      Int64 -1     → long_value 0xFFFFFFFFFFFFFFFF
/// </code>
/// </summary>
public static class SparkplugIntegers
{
    /// <summary>The <c>int_value</c> bits of an Int8.</summary>
    public static uint FromInt8(sbyte value) => unchecked((uint)value);

    /// <summary>The <c>int_value</c> bits of an Int16.</summary>
    public static uint FromInt16(short value) => unchecked((uint)value);

    /// <summary>The <c>int_value</c> bits of an Int32.</summary>
    public static uint FromInt32(int value) => unchecked((uint)value);

    /// <summary>The <c>long_value</c> bits of an Int64.</summary>
    public static ulong FromInt64(long value) => unchecked((ulong)value);

    /// <summary>
    /// Reads an Int8 from <c>int_value</c>. Accepts the sign-extended 32-bit form and, for encoders that write only
    /// the low byte, 0x80–0xFF; false when the bits hold no Int8.
    /// </summary>
    public static bool TryToInt8(uint bits, out sbyte value)
    {
        int signed = unchecked((int)bits);
        if (signed is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            value = (sbyte)signed;
            return true;
        }

        if (bits <= byte.MaxValue)
        {
            value = unchecked((sbyte)(byte)bits);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads an Int16 from <c>int_value</c> (sign-extended, or the low 16 bits alone); false when out of range.</summary>
    public static bool TryToInt16(uint bits, out short value)
    {
        int signed = unchecked((int)bits);
        if (signed is >= short.MinValue and <= short.MaxValue)
        {
            value = (short)signed;
            return true;
        }

        if (bits <= ushort.MaxValue)
        {
            value = unchecked((short)(ushort)bits);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads an Int32 from <c>int_value</c>; every bit pattern is one.</summary>
    public static int ToInt32(uint bits) => unchecked((int)bits);

    /// <summary>Reads an Int64 from <c>long_value</c>; every bit pattern is one.</summary>
    public static long ToInt64(ulong bits) => unchecked((long)bits);
}
