using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NodeAgent.KeyDelivery;

/// <summary>
/// The development PKI of the default run, created on first start: a CA, a server certificate per KME (for
/// localhost) and a client certificate per SAE whose common name is the SAE ID. PEM files, private keys mode 0600.
/// A deployment replaces them with certificates from its own CA (same file names).
/// </summary>
public static class DevelopmentCertificates
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Path of the CA certificate that signs servers and SAEs.</summary>
    public static string CaCertificatePath(string directory) => Path.Combine(directory, "ca.crt");

    /// <summary>Paths of a server's or an SAE's certificate and key.</summary>
    public static (string Certificate, string Key) PathsOf(string directory, string name) =>
        (Path.Combine(directory, name + ".crt"), Path.Combine(directory, name + ".key"));

    /// <summary>Creates whatever of the CA, the servers and the SAEs is missing.</summary>
    public static void EnsureCreated(string directory, IEnumerable<string> servers, IEnumerable<string> saes)
    {
        Directory.CreateDirectory(directory);
        (string caCrt, string caKey) = (CaCertificatePath(directory), Path.Combine(directory, "ca.key"));
        if (!File.Exists(caCrt) || !File.Exists(caKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=NodeAgent development CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using X509Certificate2 ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5));
            Write(caCrt, caKey, ca, key);
        }

        using X509Certificate2 issuer = X509Certificate2.CreateFromPemFile(caCrt, caKey);
        foreach (string server in servers)
        {
            Issue(directory, issuer, server, isServer: true);
        }

        foreach (string sae in saes)
        {
            Issue(directory, issuer, sae, isServer: false);
        }
    }

    /// <summary>Loads a certificate with its private key.</summary>
    public static X509Certificate2 Load(string directory, string name)
    {
        (string crt, string key) = PathsOf(directory, name);
        return X509Certificate2.CreateFromPemFile(crt, key);
    }

    private static void Issue(string directory, X509Certificate2 issuer, string name, bool isServer)
    {
        (string crt, string keyPath) = PathsOf(directory, name);
        if (File.Exists(crt) && File.Exists(keyPath))
        {
            return;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(isServer ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], true));
        if (isServer)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(IPAddress.Loopback);
            san.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(2), serial);
        Write(crt, keyPath, issued, key);
    }

    private static void Write(string certificatePath, string keyPath, X509Certificate2 certificate, ECDsa key)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var writer = new StreamWriter(new FileStream(keyPath, options)))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
    }
}
