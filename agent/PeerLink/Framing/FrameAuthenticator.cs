using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NodeAgent.PeerLink.Framing;

/// <summary>
/// HMAC-SHA256 tags over (direction, sequence, payload), so a frame cannot be altered, replayed, reordered or
/// reflected back to its sender without detection.
/// </summary>
/// <remarks>
/// Computational authentication with a pre-shared key: the stop-gap until the key-delivery work replaces it with
/// information-theoretically secure Wegman–Carter authentication keyed from distilled key.
/// </remarks>
public sealed class FrameAuthenticator : IDisposable
{
    /// <summary>Length of a tag in bytes.</summary>
    public const int TagBytes = 32;

    private const string HelloLabel = "nodeagent/peer/v1/hello";
    private const string SessionLabel = "nodeagent/peer/v1/session";

    private readonly byte[] _key;

    private FrameAuthenticator(byte[] key)
    {
        _key = key;
    }

    /// <summary>The key that authenticates the two Hello frames: derived from the pre-shared key alone.</summary>
    public static FrameAuthenticator ForHello(ReadOnlySpan<byte> preSharedKey) =>
        new(Derive(preSharedKey, HelloLabel, [], []));

    /// <summary>The session key, bound to both ends' fresh nonces so frames of one session are useless in another.</summary>
    public static FrameAuthenticator ForSession(
        ReadOnlySpan<byte> preSharedKey, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce) =>
        new(Derive(preSharedKey, SessionLabel, clientNonce, serverNonce));

    /// <summary>Writes the tag of a frame into <paramref name="tag"/>.</summary>
    public void ComputeTag(byte direction, ulong sequence, ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Span<byte> header = stackalloc byte[9];
        header[0] = direction;
        BinaryPrimitives.WriteUInt64BigEndian(header[1..], sequence);
        hmac.AppendData(header);
        hmac.AppendData(payload);
        hmac.GetHashAndReset(tag);
    }

    /// <summary>Checks a received tag in constant time.</summary>
    public bool Verify(byte direction, ulong sequence, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[TagBytes];
        ComputeTag(direction, sequence, payload, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }

    /// <summary>Zeroes the key.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private static byte[] Derive(ReadOnlySpan<byte> psk, string label, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, psk);
        hmac.AppendData(Encoding.ASCII.GetBytes(label));
        hmac.AppendData(a);
        hmac.AppendData(b);
        return hmac.GetHashAndReset();
    }
}
