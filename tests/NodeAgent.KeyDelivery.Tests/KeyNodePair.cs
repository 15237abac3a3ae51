using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.KeyManagement;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.KeyDelivery.Tests;

/// <summary>
/// Two KMEs as the agent runs them, minus the optics: durable stores holding the same distilled keys, the
/// key-management sessions between the nodes over loopback, and each node's ETSI 014 API over HTTPS with mutual TLS.
/// SAEs: sae-a and sae-c at Alice's KME, sae-b and sae-d at Bob's.
/// </summary>
internal sealed class KeyNodePair : IAsyncDisposable
{
    public const int StoreKeyBits = 256;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<KeyDeliveryServer> _servers = [];
    private Task _channels = Task.CompletedTask;

    // Each node's authentication pads as the agent keeps them: bootstrapped from the demonstration key, reservations
    // and accepted session starts in the node's store.
    private readonly StoredAuthenticationKeySource _alicePads;
    private readonly StoredAuthenticationKeySource _bobPads;

    /// <summary>Bob's node's pads, for a test that speaks as Bob's node (fresh pads, so Alice takes it for him).</summary>
    public IAuthenticationKeySource BobPads => _bobPads;

    private KeyNodePair(string directory)
    {
        Directory = directory;
        Pki = Path.Combine(directory, "pki");
        DevelopmentCertificates.EnsureCreated(Pki, ["server-alice", "server-bob"], ["sae-a", "sae-b", "sae-c", "sae-d"]);
        Ca = X509CertificateLoader.LoadCertificateFromFile(DevelopmentCertificates.CaCertificatePath(Pki));
        AliceStore = OpenStore("alice");
        BobStore = OpenStore("bob");
        _alicePads = new StoredAuthenticationKeySource(AuthenticationBootstrap.Create(new NodeOptions()), AliceStore);
        _bobPads = new StoredAuthenticationKeySource(AuthenticationBootstrap.Create(new NodeOptions()), BobStore);
    }

    public string Directory { get; }

    public string Pki { get; }

    public X509Certificate2 Ca { get; }

    public SqliteKeyStore AliceStore { get; }

    public SqliteKeyStore BobStore { get; }

    public KeyChannelEndpoint AliceChannel { get; private set; } = null!;

    public KeyChannelEndpoint BobChannel { get; private set; } = null!;

    public KeyDeliveryService AliceKme { get; private set; } = null!;

    public KeyDeliveryService BobKme { get; private set; } = null!;

    public Uri AliceUrl { get; private set; } = null!;

    public Uri BobUrl { get; private set; } = null!;

    public static KeyDeliveryOptions Options() => new()
    {
        Ends =
        {
            ["alice"] = new KmeOptions { KmeId = "kme-alice", Url = "https://127.0.0.1:0", Saes = { ["sae-a"] = ["sae-b", "sae-d"], ["sae-c"] = ["sae-b"] } },
            ["bob"] = new KmeOptions { KmeId = "kme-bob", Url = "https://127.0.0.1:0", Saes = { ["sae-b"] = ["sae-a", "sae-c"], ["sae-d"] = ["sae-a"] } },
        },
        PeerTimeoutSeconds = 5,
    };

    /// <summary>Two nodes holding <paramref name="blocks"/> identical blocks of <paramref name="keysPerBlock"/> keys, connected.</summary>
    public static async Task<KeyNodePair> StartAsync(int blocks = 4, int keysPerBlock = 200, bool connect = true)
    {
        var pair = new KeyNodePair(Path.Combine(Path.GetTempPath(), "nodeagent-kd-" + Guid.NewGuid().ToString("N")[..8]));
        for (ulong block = 1; block <= (ulong)blocks; block++)
        {
            pair.CommitBoth(block, keysPerBlock);
        }

        await pair.StartServicesAsync(connect);
        return pair;
    }

    public void CommitBoth(ulong block, int keys)
    {
        var stored = Enumerable.Range(0, keys).Select(_ => new StoredKey(Guid.NewGuid(), block, RandomNumberGenerator.GetBytes(StoreKeyBits / 8))).ToList();
        AliceStore.Commit(block, stored.Select(k => k with { Material = (byte[])k.Material.Clone() }).ToList());
        BobStore.Commit(block, stored);
    }

    public X509Certificate2 Certificate(string sae) => DevelopmentCertificates.Load(Pki, sae);

    public Etsi014Client Client(string sae, bool atAlice, Version? version = null) =>
        new(atAlice ? AliceUrl : BobUrl, Certificate(sae), Ca, version);

    public async Task WaitConnectedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!(AliceChannel.Requester.IsConnected && BobChannel.Requester.IsConnected))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (KeyDeliveryServer server in _servers)
        {
            await server.DisposeAsync();
        }

        await _channels.WaitAsync(TimeSpan.FromSeconds(10));
        AliceStore.Dispose();
        BobStore.Dispose();
        _alicePads.Dispose();
        _bobPads.Dispose();
        Ca.Dispose();
        _stop.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private SqliteKeyStore OpenStore(string end)
    {
        byte[] master = MasterKeyFile.LoadOrCreate(Path.Combine(Directory, end, "master.key"));
        return SqliteKeyStore.Open(Path.Combine(Directory, end, "keys.db"), master, TimeProvider.System, NullLogger.Instance);
    }

    private async Task StartServicesAsync(bool connect)
    {
        var node = new NodeOptions { KeyListen = "127.0.0.1:0", PeerTimeoutSeconds = 5, ReconnectInitialSeconds = 0.05, ReconnectMaxSeconds = 0.5 };
        AliceChannel = new KeyChannelEndpoint(node, NodeRole.Alice, AliceStore, _alicePads, StoreKeyBits, NullLogger.Instance);
        BobChannel = new KeyChannelEndpoint(node, NodeRole.Bob, BobStore, _bobPads, StoreKeyBits, NullLogger.Instance);
        BobChannel.ResolvePeerWith(async ct =>
        {
            System.Net.IPEndPoint bound = await AliceChannel.Listening.WaitAsync(ct);
            return new HostPort(bound.Address.ToString(), bound.Port);
        });
        KeyDeliveryOptions options = Options();
        AliceKme = new KeyDeliveryService("alice", options.Ends["alice"], "kme-bob", options, AliceStore, StoreKeyBits, AliceChannel.Requester, NullLogger.Instance);
        BobKme = new KeyDeliveryService("bob", options.Ends["bob"], "kme-alice", options, BobStore, StoreKeyBits, BobChannel.Requester, NullLogger.Instance);
        AliceUrl = await StartServerAsync("alice", AliceKme, options);
        BobUrl = await StartServerAsync("bob", BobKme, options);
        if (connect)
        {
            _channels = Task.WhenAll(AliceChannel.RunAsync(_stop.Token), BobChannel.RunAsync(_stop.Token));
            await WaitConnectedAsync();
        }
    }

    private async Task<Uri> StartServerAsync(string end, KeyDeliveryService service, KeyDeliveryOptions options)
    {
        var server = new KeyDeliveryServer(
            new Uri("https://127.0.0.1:0"), DevelopmentCertificates.Load(Pki, "server-" + end), X509CertificateLoader.LoadCertificate(Ca.RawData),
            service, options.MaxRequestBytes, NullLoggerFactory.Instance);
        _servers.Add(server);
        return await server.StartAsync(CancellationToken.None);
    }
}
