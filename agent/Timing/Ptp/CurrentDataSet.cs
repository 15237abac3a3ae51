using System.Buffers.Binary;

namespace NodeAgent.Timing.Ptp;

/// <summary>currentDS (CURRENT_DATA_SET, 0x2001; IEEE 1588-2008 §15.5.3.4.1).</summary>
/// <remarks>
/// <code>
///  offset  size  field
///  0       2     stepsRemoved
///  2       8     offsetFromMaster (TimeInterval: ns · 2^16)
///  10      8     meanPathDelay (TimeInterval: ns · 2^16)
/// </code>
/// </remarks>
public readonly record struct CurrentDataSet(ushort StepsRemoved, double OffsetFromMasterNs, double MeanPathDelayNs)
{
    /// <summary>Bytes of the TLV data.</summary>
    public const int Length = 18;

    /// <summary>Decodes the data of a CURRENT_DATA_SET response; false when it is too short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out CurrentDataSet dataSet)
    {
        if (data.Length < Length)
        {
            dataSet = default;
            return false;
        }

        dataSet = new CurrentDataSet(
            BinaryPrimitives.ReadUInt16BigEndian(data),
            BinaryPrimitives.ReadInt64BigEndian(data[2..]) / 65536.0,
            BinaryPrimitives.ReadInt64BigEndian(data[10..]) / 65536.0);
        return true;
    }
}
