using System.Buffers.Binary;

namespace NodeAgent.Timing.Ptp;

/// <summary>portDS (PORT_DATA_SET, 0x2004; IEEE 1588-2008 §15.5.3.7.1): identity and state of the port asked.</summary>
/// <remarks>
/// <code>
///  offset  size  field
///  0       10    portIdentity (clockIdentity 8, portNumber 2)
///  10      1     portState
///  11      1     logMinDelayReqInterval
///  12      8     peerMeanPathDelay (TimeInterval)
///  20      1     logAnnounceInterval
///  21      1     announceReceiptTimeout
///  22      1     logSyncInterval
///  23      1     delayMechanism
///  24      1     logMinPdelayReqInterval
///  25      1     reserved(4) | versionNumber(4)
/// </code>
/// </remarks>
public readonly record struct PortDataSet(ulong ClockIdentity, ushort PortNumber, PtpPortState PortState, sbyte LogSyncInterval)
{
    /// <summary>Bytes of the TLV data.</summary>
    public const int Length = 26;

    /// <summary>Decodes the data of a PORT_DATA_SET response; false when it is too short or the state is unknown.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out PortDataSet dataSet)
    {
        if (data.Length < Length || data[10] is < (byte)PtpPortState.Initializing or > (byte)PtpPortState.Slave)
        {
            dataSet = default;
            return false;
        }

        dataSet = new PortDataSet(
            BinaryPrimitives.ReadUInt64BigEndian(data),
            BinaryPrimitives.ReadUInt16BigEndian(data[8..]),
            (PtpPortState)data[10],
            (sbyte)data[22]);
        return true;
    }
}
