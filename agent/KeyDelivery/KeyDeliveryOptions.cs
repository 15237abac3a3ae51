namespace NodeAgent.KeyDelivery;

/// <summary>The ETSI GS QKD 014 service of the node (configuration section <c>KeyDelivery</c>).</summary>
public sealed class KeyDeliveryOptions
{
    public const string SectionName = "KeyDelivery";

    /// <summary>Serve the API (the default run does, on localhost).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per end ("alice", "bob"): where its KME listens and which SAEs it serves.</summary>
    public Dictionary<string, KmeOptions> Ends { get; set; } = [];

    /// <summary>
    /// Where the development PKI lives (CA, server and SAE certificates, created on first start when absent). A
    /// deployment puts its own CA certificate and server certificate there.
    /// </summary>
    public string CertificateDirectory { get; set; } = "nodeagent-data/pki";

    /// <summary>Key size when a request names none (bits).</summary>
    public int DefaultKeySize { get; set; } = 256;

    /// <summary>Smallest key size served (bits, a multiple of 8).</summary>
    public int MinKeySize { get; set; } = 64;

    /// <summary>Largest key size served (bits, a multiple of 8).</summary>
    public int MaxKeySize { get; set; } = 8192;

    /// <summary>Most keys in one request.</summary>
    public int MaxKeysPerRequest { get; set; } = 128;

    /// <summary>The stored-key capacity advertised in status (<c>max_key_count</c>).</summary>
    public int MaxKeyCount { get; set; } = 100_000;

    /// <summary>Largest request body accepted (bytes).</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>How long enc_keys waits for the peer node to reserve before answering 503.</summary>
    public double PeerTimeoutSeconds { get; set; } = 5;
}

/// <summary>One end's KME.</summary>
public sealed class KmeOptions
{
    /// <summary>The KME ID reported in status.</summary>
    public string KmeId { get; set; } = "";

    /// <summary>HTTPS endpoint, e.g. https://localhost:8443 (port 0 picks a free one).</summary>
    public string Url { get; set; } = "";

    /// <summary>SAEs attached to this KME, each with the SAEs (at the peer KME) it may exchange keys with.</summary>
    public Dictionary<string, string[]> Saes { get; set; } = [];
}
