using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// Turns the TLS settings of <see cref="MqttTransportOptions"/> into MQTTnet's <see cref="MqttClientTlsOptions"/>.
/// The broker's chain is validated here rather than by MQTTnet so a private CA (<c>CaFile</c>) can be trusted
/// without touching the system store, and the name check can be switched off on its own.
/// </summary>
internal static class MqttTlsConfiguration
{
    public static MqttClientTlsOptions Create(MqttTransportOptions options)
    {
        X509Certificate2Collection? trustedRoots = null;
        if (!string.IsNullOrEmpty(options.CaFile))
        {
            trustedRoots = new X509Certificate2Collection();
            trustedRoots.ImportFromPemFile(options.CaFile);
        }

        var builder = new MqttClientTlsOptionsBuilder()
            .UseTls(true)
            .WithTargetHost(string.IsNullOrEmpty(options.ServerName) ? options.Host : options.ServerName)
            .WithCertificateValidationHandler(e => Validate(e, trustedRoots, options.CheckServerName));

        X509Certificate2? clientCertificate = LoadClientCertificate(options);
        if (clientCertificate is not null)
        {
            builder.WithClientCertificates(new X509Certificate2Collection(clientCertificate));
        }

        return builder.Build();
    }

    private static X509Certificate2? LoadClientCertificate(MqttTransportOptions options)
    {
        string? file = options.ClientCertificateFile;
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(options.ClientKeyFile))
        {
            return string.IsNullOrEmpty(options.ClientCertificatePassword)
                ? X509Certificate2.CreateFromPemFile(file, options.ClientKeyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(file, options.ClientCertificatePassword, options.ClientKeyFile);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(file, options.ClientCertificatePassword);
    }

    private static bool Validate(MqttClientCertificateValidationEventArgs e, X509Certificate2Collection? trustedRoots, bool checkName)
    {
        SslPolicyErrors errors = e.SslPolicyErrors;
        if (!checkName)
        {
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || e.Certificate is null)
        {
            return false;
        }

        if (trustedRoots is null)
        {
            return errors == SslPolicyErrors.None;
        }

        // Chain errors reported by SslStream were judged against the system store; judge again against the CA file.
        errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
        if (errors != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (e.Chain is not null)
        {
            foreach (X509ChainElement element in e.Chain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(e.Certificate);
        return chain.Build(leaf);
    }
}
