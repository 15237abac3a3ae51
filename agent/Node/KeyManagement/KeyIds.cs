using Google.Protobuf;
using NodeAgent.PeerLink;

namespace NodeAgent.Node.KeyManagement;

/// <summary>Key IDs on the wire: 16 bytes, big-endian UUID layout.</summary>
internal static class KeyIds
{
    public static ByteString ToBytes(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return ByteString.CopyFrom(bytes);
    }

    public static Guid FromBytes(ByteString bytes) =>
        bytes.Length == 16 ? new Guid(bytes.Span, bigEndian: true) : throw new PeerProtocolException(PeerFailure.Malformed, "key ID is not 16 bytes");
}
