using System.Buffers.Binary;

namespace NodeAgent.Timing.Ptp;

/// <summary>linuxptp's TIME_STATUS_NP (management ID 0xC000).</summary>
/// <remarks>
/// <code>
///  offset  size  field
///  0       8     master_offset (ns, signed)
///  8       8     ingress_time (ns of the last sync's arrival; 0 when there is none)
///  16      4     cumulativeScaledRateOffset
///  20      4     scaledLastGmPhaseChange
///  24      2     gmTimeBaseIndicator
///  26      12    lastGmPhaseChange (ScaledNs)
///  38      4     gmPresent (0 or 1)
///  42      8     gmIdentity
/// </code>
/// </remarks>
public readonly record struct TimeStatusNp(long MasterOffsetNs, long IngressTimeNs, bool GmPresent, ulong GmIdentity)
{
    /// <summary>Bytes of the TLV data.</summary>
    public const int Length = 50;

    /// <summary>Decodes the data of a TIME_STATUS_NP response; false when it is too short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out TimeStatusNp status)
    {
        if (data.Length < Length)
        {
            status = default;
            return false;
        }

        status = new TimeStatusNp(
            BinaryPrimitives.ReadInt64BigEndian(data),
            BinaryPrimitives.ReadInt64BigEndian(data[8..]),
            BinaryPrimitives.ReadInt32BigEndian(data[38..]) != 0,
            BinaryPrimitives.ReadUInt64BigEndian(data[42..]));
        return true;
    }

    /// <summary>The grandmaster identity as pmc prints it (xxxxxx.xxxx.xxxxxx).</summary>
    public string GmIdentityText => FormatClockIdentity(GmIdentity);

    /// <summary>Formats a clock identity as linuxptp does.</summary>
    public static string FormatClockIdentity(ulong identity)
    {
        string hex = identity.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        return $"{hex[..6]}.{hex[6..10]}.{hex[10..]}";
    }
}
