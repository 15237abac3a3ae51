using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.KeyDelivery;
using NodeAgent.Node.Configuration;

namespace NodeAgent.Node.Hosting;

/// <summary>
/// Serves the ETSI GS QKD 014 API of every end this process runs (HTTPS, mutual TLS), creating the development PKI on
/// first start, and expires old keys.
/// </summary>
public sealed class KeyDeliveryHost : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan s_expiryPeriod = TimeSpan.FromMinutes(1);

    private readonly NodeRuntime _runtime;
    private readonly KeyDeliveryOptions _options;
    private readonly NodeOptions _node;
    private readonly DistillationOptions _distillation;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<KeyDeliveryServer> _servers = [];
    private readonly Dictionary<string, KeyDeliveryService> _services = [];
    private readonly Dictionary<string, Uri> _addresses = [];
    private ITimer? _expiry;

    public KeyDeliveryHost(
        NodeRuntime runtime, IOptions<KeyDeliveryOptions> options, IOptions<NodeOptions> node, IOptions<DistillationOptions> distillation,
        ILoggerFactory loggers, TimeProvider time)
    {
        _runtime = runtime;
        _options = options.Value;
        _node = node.Value;
        _distillation = distillation.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger("keydelivery");
        _time = time;
    }

    /// <summary>The key managers of the ends served, by end name.</summary>
    public IReadOnlyDictionary<string, KeyDeliveryService> Services => _services;

    /// <summary>The bound base address of each end's API.</summary>
    public IReadOnlyDictionary<string, Uri> Addresses => _addresses;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _expiry = _time.CreateTimer(_ => Expire(), null, s_expiryPeriod, s_expiryPeriod);
        if (!_options.Enabled)
        {
            return;
        }

        var served = _runtime.Ends.Where(e => _options.Ends.ContainsKey(e.Name)).ToList();
        if (served.Count == 0)
        {
            return;
        }

        string pki = _options.CertificateDirectory;
        DevelopmentCertificates.EnsureCreated(pki, served.Select(e => "server-" + e.Name), _options.Ends.Values.SelectMany(k => k.Saes.Keys).Distinct());
        using X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(DevelopmentCertificates.CaCertificatePath(pki));
        foreach (LinkEnd end in served)
        {
            KmeOptions self = _options.Ends[end.Name];
            string peerKme = _options.Ends.TryGetValue(end.Name == "alice" ? "bob" : "alice", out KmeOptions? peer) ? peer.KmeId : "";
            var service = new KeyDeliveryService(
                end.Name, self, peerKme, _options, end.Store, _distillation.KeyBits, _runtime.KeyChannels[end.Name].Requester, _loggers.CreateLogger($"{end.Name}.etsi014"));
            var server = new KeyDeliveryServer(
                new Uri(self.Url), DevelopmentCertificates.Load(pki, "server-" + end.Name), X509CertificateLoader.LoadCertificate(ca.RawData), service, _options.MaxRequestBytes, _loggers);
            _servers.Add(server);
            _services[end.Name] = service;
            Uri bound = await server.StartAsync(cancellationToken).ConfigureAwait(false);
            _addresses[end.Name] = bound;
            _logger.LogWarning("ETSI GS QKD 014 API of {End} ({Kme}) at {Url} (client certificates from {Ca})", end.Name, self.KmeId, bound, Path.GetFullPath(DevelopmentCertificates.CaCertificatePath(pki)));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (KeyDeliveryServer server in _servers)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _expiry?.Dispose();
        foreach (KeyDeliveryServer server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Expire()
    {
        foreach (LinkEnd end in _runtime.Ends)
        {
            try
            {
                end.Store.Expire(TimeSpan.FromHours(_node.KeyLifetimeHours));
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or InvalidOperationException)
            {
                _logger.LogWarning("Key expiry at {End} failed: {Reason}", end.Name, ex.Message);
            }
        }
    }
}
