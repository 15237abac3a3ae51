using System.Security.Cryptography.X509Certificates;

namespace NodeAgent.KeyDelivery;

/// <summary>
/// Accepts a client certificate only if it chains to the configured CA (and nothing else: the system store is not
/// trusted) and is meant for client authentication; its common name is then the caller's SAE ID.
/// </summary>
public sealed class ClientCertificateValidator(X509Certificate2 trustedCa)
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Whether <paramref name="certificate"/> may call the API.</summary>
    public bool IsValid(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthentication));
        return chain.Build(certificate);
    }

    /// <summary>The SAE ID a validated certificate names (its common name).</summary>
    public static string? SaeIdOf(X509Certificate2? certificate) =>
        certificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } name ? name : null;
}
