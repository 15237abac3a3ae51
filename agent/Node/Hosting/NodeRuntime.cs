using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Drivers.Simulated;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Timing;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Devices;
using NodeAgent.Node.KeyManagement;
using NodeAgent.Node.Pipeline;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Node.Hosting;

/// <summary>
/// Builds the ends this process runs (Alice, Bob, or both over loopback) on their devices, and runs them.
/// </summary>
public sealed class NodeRuntime : IDisposable
{
    private readonly AliceEndpoint? _alice;
    private readonly BobEndpoint? _bob;
    private readonly List<SqliteKeyStore> _stores = [];
    private readonly List<IDisposable> _authentication = [];
    private readonly RunSwitch _distillation = new();
    private readonly Dictionary<string, KeyChannelEndpoint> _keyChannels = [];
    private readonly AligningTimeTagger? _aligner;

    public NodeRuntime(
        IOptions<NodeOptions> node, IOptions<DistillationOptions> distillation, IOptions<SimulatedLinkOptions> simulation,
        ILoggerFactory loggers, TimeProvider time, BobAcquisition? acquisition = null)
    {
        NodeOptions options = node.Value;
        Link = new SimulatedLink(simulation.Value, time);
        BobTimebase = Link.BobTimebase;
        var ends = new List<LinkEnd>();
        if (options.Role is NodeRole.Alice or NodeRole.Both)
        {
            NodeOptions aliceOptions = options.Role == NodeRole.Both ? WithListen(options, "127.0.0.1:0", "127.0.0.1:0") : options;
            SqliteKeyStore store = OpenStore(options, "alice", loggers, time);
            IAuthenticationKeySource aliceAuthentication = Authentication(options, store);
            _alice = new AliceEndpoint(aliceOptions, distillation.Value, Link.Transmitter, store, aliceAuthentication, new LinkEndStatistics(), loggers.CreateLogger("alice"));
            _keyChannels["alice"] = new KeyChannelEndpoint(aliceOptions, NodeRole.Alice, store, aliceAuthentication, distillation.Value.KeyBits, loggers.CreateLogger("alice.keychannel"));
            ends.Add(new LinkEnd("alice", _alice.Statistics, store, aliceAuthentication));
        }

        if (options.Role is NodeRole.Bob or NodeRole.Both)
        {
            SqliteKeyStore store = OpenStore(options, "bob", loggers, time);
            IAuthenticationKeySource bobAuthentication = Authentication(options, store);
            var statistics = new LinkEndStatistics();
            // The simulated tagger or the hardware one's ring, aligned on the sync pattern (Devices/BobOptics.cs).
            BobOptics optics = BobOptics.Build(Link, simulation.Value, acquisition, loggers.CreateLogger("alignment"), statistics);
            (BobTagger, BobTimebase, _aligner) = (optics.Tagger, optics.Timebase, optics.Aligner);
            _bob = new BobEndpoint(options, distillation.Value, BobTagger, BobTimebase, optics.SlotPeriodPs, store, bobAuthentication, statistics, loggers.CreateLogger("bob"), time);
            if (_alice is not null)
            {
                AliceEndpoint alice = _alice;
                _bob.ResolvePeerWith(async ct =>
                {
                    System.Net.IPEndPoint bound = await alice.Listening.WaitAsync(ct).ConfigureAwait(false);
                    return new HostPort(bound.Address.ToString(), bound.Port);
                });
            }

            var bobKeys = new KeyChannelEndpoint(options, NodeRole.Bob, store, bobAuthentication, distillation.Value.KeyBits, loggers.CreateLogger("bob.keychannel"));
            if (_keyChannels.TryGetValue("alice", out KeyChannelEndpoint? aliceKeys))
            {
                bobKeys.ResolvePeerWith(async ct =>
                {
                    System.Net.IPEndPoint bound = await aliceKeys.Listening.WaitAsync(ct).ConfigureAwait(false);
                    return new HostPort(bound.Address.ToString(), bound.Port);
                });
            }

            _keyChannels["bob"] = bobKeys;
            ends.Add(new LinkEnd("bob", _bob.Statistics, store, bobAuthentication));
        }

        Ends = ends;
    }

    /// <summary>The simulated optics both ends use.</summary>
    public SimulatedLink Link { get; }

    /// <summary>The key-management sessions of each end this process runs, by end name.</summary>
    public IReadOnlyDictionary<string, KeyChannelEndpoint> KeyChannels => _keyChannels;

    /// <summary>
    /// Bob's timebase as his pipeline uses it: aligned from the detections when the simulated transmitter sends the sync
    /// pattern, otherwise the simulator's exact one.
    /// </summary>
    public ITimebase BobTimebase { get; }

    /// <summary>What Bob's pipeline reads: the simulated tagger or a hardware tagger's ring, behind slot alignment (null without Bob).</summary>
    public ITimeTagger? BobTagger { get; }

    /// <summary>The ends this process runs, Alice first.</summary>
    public IReadOnlyList<LinkEnd> Ends { get; }

    /// <summary>
    /// Whether this process runs Bob, who drives the distillation, so that <see cref="SetRunning"/> can stop and start
    /// the link.
    /// </summary>
    public bool CanStartStop => _bob is not null;

    /// <summary>False while the distillation is stopped by <see cref="SetRunning"/>.</summary>
    public bool IsRunning => _distillation.IsRunning;

    /// <summary>
    /// Stops Bob's distillation at the next block boundary (his block in progress gets
    /// <see cref="BobEndpoint.StopGrace"/> to finish, as at shutdown; the session with Alice then ends) or starts it
    /// again (a new session). Ignored without Bob (<see cref="CanStartStop"/>).
    /// </summary>
    public void SetRunning(bool running) => _distillation.Set(running);

    /// <summary>Runs until <paramref name="stopping"/>; Bob finishes his block and stops before Alice does.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var aliceStop = new CancellationTokenSource();
        Task alice = _alice?.RunAsync(aliceStop.Token) ?? Task.CompletedTask;
        Task keyChannels = Task.WhenAll(_keyChannels.Values.Select(k => k.RunAsync(aliceStop.Token)));
        try
        {
            if (_bob is not null)
            {
                await _distillation.RunAsync(_bob.RunAsync, stopping).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            await aliceStop.CancelAsync().ConfigureAwait(false);
            await alice.ConfigureAwait(false);
            await keyChannels.ConfigureAwait(false);
        }
    }

    /// <summary>Closes the stores and zeroes the authentication pads.</summary>
    public void Dispose()
    {
        _aligner?.Dispose();
        foreach (SqliteKeyStore store in _stores)
        {
            store.Dispose();
        }

        foreach (IDisposable source in _authentication)
        {
            source.Dispose();
        }
    }

    /// <summary>
    /// An end's own authentication pads: the bootstrap, then what its store sets aside from every block, with the
    /// reservations and accepted session starts in the store (each end keeps its own; both start from the same bootstrap).
    /// </summary>
    private StoredAuthenticationKeySource Authentication(NodeOptions options, SqliteKeyStore store)
    {
        var source = new StoredAuthenticationKeySource(
            AuthenticationBootstrap.Create(options), store, StoredAuthenticationKeySource.UsableFor(TimeSpan.FromHours(options.KeyLifetimeHours)));
        _authentication.Add(source);
        return source;
    }

    private SqliteKeyStore OpenStore(NodeOptions options, string end, ILoggerFactory loggers, TimeProvider time)
    {
        ILogger logger = loggers.CreateLogger($"{end}.keys");
        SqliteKeyStore store;
        if (string.IsNullOrEmpty(options.DataDirectory))
        {
            store = SqliteKeyStore.OpenInMemory(time, logger);
        }
        else
        {
            string directory = Path.Combine(options.DataDirectory, end);
            byte[] masterKey = MasterKeyFile.LoadOrCreate(options.MasterKeyFile ?? Path.Combine(directory, "master.key"));
            try
            {
                store = SqliteKeyStore.Open(Path.Combine(directory, "keys.db"), masterKey, time, logger);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(masterKey);
            }
        }

        _stores.Add(store);
        store.Expire(TimeSpan.FromHours(options.KeyLifetimeHours));
        return store;
    }

    private static NodeOptions WithListen(NodeOptions options, string listen, string keyListen) => new()
    {
        Role = options.Role,
        LinkId = options.LinkId,
        PreSharedKey = options.PreSharedKey,
        AuthenticationBootstrapFile = options.AuthenticationBootstrapFile,
        Listen = listen,
        Peer = options.Peer,
        PeerTimeoutSeconds = options.PeerTimeoutSeconds,
        ReconnectInitialSeconds = options.ReconnectInitialSeconds,
        ReconnectMaxSeconds = options.ReconnectMaxSeconds,
        KeyListen = keyListen,
        KeyPeer = options.KeyPeer,
        DataDirectory = options.DataDirectory,
        MasterKeyFile = options.MasterKeyFile,
        KeyLifetimeHours = options.KeyLifetimeHours,
    };
}
