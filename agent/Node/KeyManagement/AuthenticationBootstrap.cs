using System.Security.Cryptography;
using System.Text;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.KeyManagement;

/// <summary>
/// The first authentication pads of an end, before any distilled key has been set aside for authentication: raw
/// shared secret bytes from <see cref="NodeOptions.AuthenticationBootstrapFile"/> (the secure way), or else the
/// demonstration bootstrap, <see cref="NodeOptions.PreSharedKey"/> expanded to
/// <see cref="DemonstrationBytesPerDirection"/> bytes each way.
/// </summary>
/// <remarks>
/// Expanding a 32-byte key to megabytes of pads is only computationally secure: the pads are then exactly as strong as
/// the key and the KDF (NIST SP 800-108r1 counter mode with HMAC-SHA256), and the information-theoretic guarantee of
/// Wegman–Carter holds only for pads that are truly random and secret, such as a file of random bytes carried to both
/// ends or distilled key. Both ends derive the same bytes from the same key and link ID.
/// </remarks>
public static class AuthenticationBootstrap
{
    /// <summary>Pad bytes per direction expanded from the pre-shared key: 131 072 pads, one per frame.</summary>
    public const int DemonstrationBytesPerDirection = 1 << 20;

    /// <summary>Smallest bootstrap file accepted: one batch of 64 pads each way.</summary>
    public const int MinimumFileBytes = 2 * 64 * InMemoryAuthenticationKeySource.PadBytes;

    private const string Label = "nodeagent/peer/v3/authentication-bootstrap";

    /// <summary>A fresh source holding the bootstrap pads <paramref name="options"/> name (one per end: it keeps state).</summary>
    public static InMemoryAuthenticationKeySource Create(NodeOptions options)
    {
        byte[] material;
        if (string.IsNullOrEmpty(options.AuthenticationBootstrapFile))
        {
            byte[] key = options.PreSharedKeyBytes();
            material = ExpandPreSharedKey(key, options.LinkId, DemonstrationBytesPerDirection);
            CryptographicOperations.ZeroMemory(key);
        }
        else
        {
            material = File.ReadAllBytes(options.AuthenticationBootstrapFile);
        }

        try
        {
            return new InMemoryAuthenticationKeySource(material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>
    /// The demonstration bootstrap: 2·<paramref name="bytesPerDirection"/> bytes (the Alice→Bob pool, then Bob→Alice)
    /// of SP 800-108 counter-mode HMAC-SHA256 keyed by the pre-shared key, with the link ID as context.
    /// </summary>
    public static byte[] ExpandPreSharedKey(ReadOnlySpan<byte> preSharedKey, string linkId, int bytesPerDirection)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerDirection);
        byte[] material = new byte[2 * bytesPerDirection];
        SP800108HmacCounterKdf.DeriveBytes(
            preSharedKey, HashAlgorithmName.SHA256, Encoding.ASCII.GetBytes(Label), Encoding.UTF8.GetBytes(linkId), material);
        return material;
    }
}
