using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.KeyDelivery;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.KeyManagement;

namespace NodeAgent.Benchmarks.KeyDelivery;

/// <summary>
/// Load on the ETSI GS QKD 014 API as an encryptor fleet puts it: <c>enc-keys [--seconds N] [--concurrency C]</c>.
/// Two nodes in one process (durable stores, the authenticated key-management sessions between them, both APIs over
/// mutual TLS on loopback); C callers at Alice's node each ask for one 256-bit key at a time, so every request reserves
/// its key at Bob's node before it is answered. The baseline, measured in the same run at the same concurrency, is the
/// <c>status</c> request: TLS, routing and JSON without a store or a peer round trip.
/// </summary>
internal static class EncKeysLoad
{
    private const int StoreKeyBits = 256;

    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = CommandLine.Option(args, "--seconds", 10.0);
        int concurrency = (int)CommandLine.Option(args, "--concurrency", 16.0);
        string directory = Directory.CreateTempSubdirectory("nodeagent-enckeys-").FullName;
        try
        {
            await using var nodes = await Nodes.StartAsync(directory, keys: (int)(seconds * 4000) + 20_000);
            using HttpClient client = nodes.Client("sae-a");
            Uri status = new(nodes.AliceUrl, "/api/v1/keys/sae-b/status");
            Uri encKeys = new(nodes.AliceUrl, "/api/v1/keys/sae-b/enc_keys?number=1&size=256");

            await MeasureAsync(client, status, concurrency, TimeSpan.FromSeconds(1));
            Result warmUp = await MeasureAsync(client, encKeys, concurrency, TimeSpan.FromSeconds(1));
            Result baseline = await MeasureAsync(client, status, concurrency, TimeSpan.FromSeconds(seconds));
            Result keys = await MeasureAsync(client, encKeys, concurrency, TimeSpan.FromSeconds(seconds));

            Console.WriteLine($"ETSI 014 load, {concurrency} concurrent callers (sae-a at Alice's node), {seconds:0} s each, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| request | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | ratio to baseline (req/s) |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Console.WriteLine(baseline.Row("status (baseline)", baseline));
            Console.WriteLine(keys.Row("enc_keys, 1 × 256 bit", baseline));
            Console.WriteLine();
            // Every key handed out was reserved at the peer first (the warm-up's included).
            int answered = warmUp.Requests - warmUp.Errors + keys.Requests - keys.Errors;
            Console.WriteLine($"keys reserved at Bob's node: {nodes.BobStore.ReservedCount()}, enc_keys answered 200: {answered}");
            return keys.Errors == 0 && baseline.Errors == 0 && nodes.BobStore.ReservedCount() == answered ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Result> MeasureAsync(HttpClient client, Uri uri, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        int errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(1 << 16);
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await client.GetAsync(uri).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ConfigureAwait(false);
        double[] all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(all, clock.Elapsed, errors);
    }

    private sealed record Result(double[] Sorted, TimeSpan Elapsed, int Errors)
    {
        public int Requests => Sorted.Length;

        public double PerSecond => Requests / Elapsed.TotalSeconds;

        public string Row(string name, Result baseline) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {PerSecond:0} | {Percentile(0.50):0.00} | {Percentile(0.90):0.00} | {Percentile(0.99):0.00} | {Sorted[^1]:0.00} | {Errors} | {PerSecond / baseline.PerSecond:0.00} |");

        private double Percentile(double p) => Sorted[Math.Min(Sorted.Length - 1, (int)(p * Sorted.Length))];
    }

    /// <summary>Alice's and Bob's nodes: stores, key-management sessions and ETSI 014 servers, as the agent wires them.</summary>
    private sealed class Nodes : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<IAsyncDisposable> _servers = [];
        private readonly List<IDisposable> _owned = [];
        private Task _channels = Task.CompletedTask;

        private Nodes(string directory)
        {
            Pki = Path.Combine(directory, "pki");
            DevelopmentCertificates.EnsureCreated(Pki, ["server-alice", "server-bob"], ["sae-a", "sae-b"]);
            AliceStore = Open(directory, "alice");
            BobStore = Open(directory, "bob");
        }

        public string Pki { get; }

        public SqliteKeyStore AliceStore { get; }

        public SqliteKeyStore BobStore { get; }

        public Uri AliceUrl { get; private set; } = null!;

        public static async Task<Nodes> StartAsync(string directory, int keys)
        {
            var nodes = new Nodes(directory);
            for (ulong block = 1; keys > 0; block++, keys -= 1000)
            {
                var stored = Enumerable.Range(0, Math.Min(keys, 1000))
                    .Select(_ => new StoredKey(Guid.NewGuid(), block, RandomNumberGenerator.GetBytes(StoreKeyBits / 8))).ToList();
                nodes.AliceStore.Commit(block, stored.Select(k => k with { Material = (byte[])k.Material.Clone() }).ToList());
                nodes.BobStore.Commit(block, stored);
            }

            await nodes.StartServicesAsync().ConfigureAwait(false);
            return nodes;
        }

        public HttpClient Client(string sae)
        {
            X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(DevelopmentCertificates.CaCertificatePath(Pki));
            _owned.Add(ca);
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
            handler.SslOptions.ClientCertificates = [DevelopmentCertificates.Load(Pki, sae)];
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
            return new HttpClient(handler);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            foreach (IAsyncDisposable server in _servers)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            await _channels.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            AliceStore.Dispose();
            BobStore.Dispose();
            foreach (IDisposable owned in _owned)
            {
                owned.Dispose();
            }

            _stop.Dispose();
        }

        private static SqliteKeyStore Open(string directory, string end)
        {
            byte[] master = MasterKeyFile.LoadOrCreate(Path.Combine(directory, end, "master.key"));
            try
            {
                return SqliteKeyStore.Open(Path.Combine(directory, end, "keys.db"), master, TimeProvider.System, NullLogger.Instance);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(master);
            }
        }

        private async Task StartServicesAsync()
        {
            var node = new NodeOptions { KeyListen = "127.0.0.1:0", PeerTimeoutSeconds = 5, ReconnectInitialSeconds = 0.05, ReconnectMaxSeconds = 0.5 };
            var alicePads = new StoredAuthenticationKeySource(AuthenticationBootstrap.Create(node), AliceStore);
            var bobPads = new StoredAuthenticationKeySource(AuthenticationBootstrap.Create(node), BobStore);
            _owned.Add(alicePads);
            _owned.Add(bobPads);
            var aliceChannel = new KeyChannelEndpoint(node, NodeRole.Alice, AliceStore, alicePads, StoreKeyBits, NullLogger.Instance);
            var bobChannel = new KeyChannelEndpoint(node, NodeRole.Bob, BobStore, bobPads, StoreKeyBits, NullLogger.Instance);
            bobChannel.ResolvePeerWith(async ct =>
            {
                IPEndPoint bound = await aliceChannel.Listening.WaitAsync(ct).ConfigureAwait(false);
                return new HostPort(bound.Address.ToString(), bound.Port);
            });
            var options = new KeyDeliveryOptions
            {
                Ends =
                {
                    ["alice"] = new KmeOptions { KmeId = "kme-alice", Url = "https://127.0.0.1:0", Saes = { ["sae-a"] = ["sae-b"] } },
                    ["bob"] = new KmeOptions { KmeId = "kme-bob", Url = "https://127.0.0.1:0", Saes = { ["sae-b"] = ["sae-a"] } },
                },
            };
            var service = new KeyDeliveryService("alice", options.Ends["alice"], "kme-bob", options, AliceStore, StoreKeyBits, aliceChannel.Requester, NullLogger.Instance);
            using X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(DevelopmentCertificates.CaCertificatePath(Pki));
            var server = new KeyDeliveryServer(
                new Uri("https://127.0.0.1:0"), DevelopmentCertificates.Load(Pki, "server-alice"), X509CertificateLoader.LoadCertificate(ca.RawData),
                service, options.MaxRequestBytes, NullLoggerFactory.Instance);
            _servers.Add(server);
            AliceUrl = await server.StartAsync(CancellationToken.None).ConfigureAwait(false);
            _channels = Task.WhenAll(aliceChannel.RunAsync(_stop.Token), bobChannel.RunAsync(_stop.Token));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (!(aliceChannel.Requester.IsConnected && bobChannel.Requester.IsConnected))
            {
                await Task.Delay(20, timeout.Token).ConfigureAwait(false);
            }
        }
    }
}
