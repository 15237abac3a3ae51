namespace NodeAgent.Node.Configuration;

/// <summary>Settings of a link end (configuration section <c>Node</c>).</summary>
public sealed class NodeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Node";

    /// <summary>alice, bob, or both (both ends in one process).</summary>
    public NodeRole Role { get; set; } = NodeRole.Both;

    /// <summary>Name of the link; both ends must agree.</summary>
    public string LinkId { get; set; } = "sim-link-1";

    /// <summary>
    /// Pre-shared key, hex, at least 32 bytes, expanded into the demonstration bootstrap of authentication pads when
    /// <see cref="AuthenticationBootstrapFile"/> is not set (computationally secure only). The default is for the
    /// simulated demonstration only: a real deployment sets its own (environment variable
    /// <c>NODEAGENT_Node__PreSharedKey</c>) or, better, a bootstrap file.
    /// </summary>
    public string PreSharedKey { get; set; } = DemonstrationKey;

    /// <summary>
    /// Optional file of raw shared secret bytes (identical at both ends, truly random, a multiple of 16 bytes): the
    /// first half authenticates Alice→Bob frames, the second half Bob→Alice. The secure bootstrap; when set,
    /// <see cref="PreSharedKey"/> is not used.
    /// </summary>
    public string? AuthenticationBootstrapFile { get; set; }

    /// <summary>Where Alice listens (host:port). Port 0 picks a free port (used by the one-process mode).</summary>
    public string Listen { get; set; } = "127.0.0.1:7400";

    /// <summary>Where Bob finds Alice (host:port).</summary>
    public string Peer { get; set; } = "127.0.0.1:7400";

    /// <summary>Where Alice's node listens for the key-management sessions (host:port; 0 picks a free port).</summary>
    public string KeyListen { get; set; } = "127.0.0.1:7401";

    /// <summary>Where Bob's node finds Alice's key-management listener (host:port).</summary>
    public string KeyPeer { get; set; } = "127.0.0.1:7401";

    /// <summary>How long to wait for any answer from the peer before giving up on the block.</summary>
    public double PeerTimeoutSeconds { get; set; } = 10;

    /// <summary>First delay before reconnecting; doubles up to <see cref="ReconnectMaxSeconds"/>.</summary>
    public double ReconnectInitialSeconds { get; set; } = 0.2;

    /// <summary>Longest delay between reconnection attempts.</summary>
    public double ReconnectMaxSeconds { get; set; } = 5;

    /// <summary>
    /// Where the key stores live (one sub-directory per end: <c>alice/keys.db</c> and its master key
    /// <c>alice/master.key</c>, mode 0600). Relative paths are relative to the working directory. Empty keeps the keys
    /// in memory only (lost on exit).
    /// </summary>
    public string DataDirectory { get; set; } = "nodeagent-data";

    /// <summary>The master key file, if not the default <c>&lt;DataDirectory&gt;/&lt;end&gt;/master.key</c>.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>Keys not delivered after this many hours are deleted at both ends.</summary>
    public double KeyLifetimeHours { get; set; } = 24 * 7;

    /// <summary>
    /// Bob's time-tagger: the simulated link's (default) or a hardware one, which needs role bob and is read through
    /// the acquisition reader's ring, with slot alignment on the detections.
    /// </summary>
    public TaggerKind Tagger { get; set; } = TaggerKind.Simulated;

    /// <summary>The well-known key of the simulated demonstration (not a secret).</summary>
    public const string DemonstrationKey = "6e6f64656167656e742d73696d756c617465642d6c696e6b2d64656d6f2d6b6579";

    /// <summary>Key bytes, once validated.</summary>
    public byte[] PreSharedKeyBytes() => Convert.FromHexString(PreSharedKey);
}
