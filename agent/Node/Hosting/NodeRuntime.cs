using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Drivers.Simulated;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Keys;
using NodeAgent.Node.Pipeline;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Hosting;

/// <summary>
/// Builds the ends this process runs (Alice, Bob, or both over loopback) on their devices, and runs them.
/// </summary>
public sealed class NodeRuntime : IDisposable
{
    private readonly AliceEndpoint? _alice;
    private readonly BobEndpoint? _bob;
    private readonly List<InMemoryKeyStore> _stores = [];
    private readonly List<InMemoryAuthenticationKeySource> _authentication = [];
    private readonly RunSwitch _distillation = new();

    public NodeRuntime(
        IOptions<NodeOptions> node, IOptions<DistillationOptions> distillation, IOptions<SimulatedLinkOptions> simulation,
        ILoggerFactory loggers, TimeProvider time)
    {
        NodeOptions options = node.Value;
        Link = new SimulatedLink(simulation.Value, time);
        var ends = new List<LinkEnd>();
        if (options.Role is NodeRole.Alice or NodeRole.Both)
        {
            NodeOptions aliceOptions = options.Role == NodeRole.Both ? WithListen(options, "127.0.0.1:0") : options;
            var store = new InMemoryKeyStore();
            _stores.Add(store);
            _alice = new AliceEndpoint(aliceOptions, distillation.Value, Link.Transmitter, store, Bootstrap(options), new LinkEndStatistics(), loggers.CreateLogger("alice"));
            ends.Add(new LinkEnd("alice", _alice.Statistics, store));
        }

        if (options.Role is NodeRole.Bob or NodeRole.Both)
        {
            var store = new InMemoryKeyStore();
            _stores.Add(store);
            _bob = new BobEndpoint(options, distillation.Value, Link.Tagger, Link.BobTimebase, Link.SlotPeriodPicoseconds, store, Bootstrap(options), new LinkEndStatistics(), loggers.CreateLogger("bob"), time);
            if (_alice is not null)
            {
                AliceEndpoint alice = _alice;
                _bob.ResolvePeerWith(async ct =>
                {
                    System.Net.IPEndPoint bound = await alice.Listening.WaitAsync(ct).ConfigureAwait(false);
                    return new HostPort(bound.Address.ToString(), bound.Port);
                });
            }

            ends.Add(new LinkEnd("bob", _bob.Statistics, store));
        }

        Ends = ends;
    }

    /// <summary>The simulated optics both ends use.</summary>
    public SimulatedLink Link { get; }

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
        }
    }

    /// <summary>Zeroes the stores and the authentication pads.</summary>
    public void Dispose()
    {
        foreach (InMemoryKeyStore store in _stores)
        {
            store.Dispose();
        }

        foreach (InMemoryAuthenticationKeySource source in _authentication)
        {
            source.Dispose();
        }
    }

    /// <summary>
    /// An end's own authentication pads (each end keeps its own reservations and accepted session starts; both start
    /// from the same bootstrap). In memory until the durable key store holds them.
    /// </summary>
    private InMemoryAuthenticationKeySource Bootstrap(NodeOptions options)
    {
        InMemoryAuthenticationKeySource source = AuthenticationBootstrap.Create(options);
        _authentication.Add(source);
        return source;
    }

    private static NodeOptions WithListen(NodeOptions options, string listen) => new()
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
    };
}
