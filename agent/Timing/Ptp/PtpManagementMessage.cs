using System.Buffers.Binary;

namespace NodeAgent.Timing.Ptp;

/// <summary>
/// Encodes GET requests and decodes RESPONSE messages of PTP management (IEEE 1588-2008 §15) as ptp4l speaks them on
/// its UNIX datagram socket. All fields are big-endian.
/// </summary>
/// <remarks>
/// <code>
///  offset  size  field
///  0       1     transportSpecific(4) | messageType(4) = 0x0D (management)
///  1       1     reserved(4) | versionPTP(4) = 2
///  2       2     messageLength
///  4       1     domainNumber
///  6       2     flagField
///  8       8     correctionField
///  20      10    sourcePortIdentity (clockIdentity 8, portNumber 2)
///  30      2     sequenceId
///  32      1     controlField = 4 (management)
///  33      1     logMessageInterval = 0x7F
///  34      10    targetPortIdentity (all 0xFF: every clock, every port)
///  44      1     startingBoundaryHops
///  45      1     boundaryHops
///  46      1     reserved(4) | actionField(4): GET 0, SET 1, RESPONSE 2, COMMAND 3, ACKNOWLEDGE 4
///  48      2     tlvType: 1 MANAGEMENT, 2 MANAGEMENT_ERROR_STATUS
///  50      2     lengthField (bytes after this field: 2 for the ID + data)
///  52      2     managementId
///  54      …     data
/// </code>
/// A GET carries no data (lengthField 2), as IEEE 1588 asks and ptp4l accepts. Stateless and thread-safe.
/// </remarks>
public static class PtpManagementMessage
{
    /// <summary>Bytes of a GET request.</summary>
    public const int GetLength = 54;

    /// <summary>Largest datagram worth reading (ptp4l's management replies are far smaller).</summary>
    public const int MaxLength = 1500;

    private const byte MessageTypeManagement = 0x0D;
    private const byte Version = 2;
    private const byte ActionGet = 0;
    private const byte ActionResponse = 2;
    private const ushort TlvManagement = 1;
    private const ushort TlvManagementErrorStatus = 2;
    private const int DataOffset = 54;

    /// <summary>Writes a GET of <paramref name="id"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteGet(Span<byte> destination, ushort sequenceId, PtpManagementId id, ulong clockIdentity, ushort portNumber)
    {
        Span<byte> message = destination[..GetLength];
        message.Clear();
        message[0] = MessageTypeManagement;
        message[1] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], GetLength);
        BinaryPrimitives.WriteUInt64BigEndian(message[20..], clockIdentity);
        BinaryPrimitives.WriteUInt16BigEndian(message[28..], portNumber);
        BinaryPrimitives.WriteUInt16BigEndian(message[30..], sequenceId);
        message[32] = 4;
        message[33] = 0x7F;
        message.Slice(34, 10).Fill(0xFF);
        message[46] = ActionGet;
        BinaryPrimitives.WriteUInt16BigEndian(message[48..], TlvManagement);
        BinaryPrimitives.WriteUInt16BigEndian(message[50..], 2);
        BinaryPrimitives.WriteUInt16BigEndian(message[52..], (ushort)id);
        return GetLength;
    }

    /// <summary>
    /// Reads <paramref name="message"/> as the reply to GET <paramref name="id"/> with <paramref name="sequenceId"/>;
    /// on <see cref="PtpReplyStatus.Ok"/>, <paramref name="data"/> is the TLV's data. Never throws on any input.
    /// </summary>
    public static PtpReplyStatus TryParseReply(ReadOnlySpan<byte> message, ushort sequenceId, PtpManagementId id, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (message.Length < DataOffset || (message[0] & 0x0F) != MessageTypeManagement || (message[1] & 0x0F) != Version)
        {
            return PtpReplyStatus.Malformed;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        int tlvLength = BinaryPrimitives.ReadUInt16BigEndian(message[50..]);
        if (length < DataOffset || length > message.Length || tlvLength < 2 || 52 + tlvLength > length)
        {
            return PtpReplyStatus.Malformed;
        }

        ushort tlvType = BinaryPrimitives.ReadUInt16BigEndian(message[48..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(message[30..]) != sequenceId)
        {
            return PtpReplyStatus.Unrelated;
        }

        if (tlvType == TlvManagementErrorStatus)
        {
            return PtpReplyStatus.ErrorStatus;
        }

        if (tlvType != TlvManagement || (message[46] & 0x0F) != ActionResponse)
        {
            return PtpReplyStatus.Malformed;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(message[52..]) != (ushort)id)
        {
            return PtpReplyStatus.Unrelated;
        }

        data = message.Slice(DataOffset, tlvLength - 2);
        return PtpReplyStatus.Ok;
    }
}
