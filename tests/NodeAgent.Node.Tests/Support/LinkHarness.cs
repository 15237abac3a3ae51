using System.Net;
using NodeAgent.Drivers.Simulated;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Hosting;
using NodeAgent.Node.KeyManagement;
using NodeAgent.Node.Pipeline;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Tests.Support;

/// <summary>
/// Alice and Bob in one test, on a shared simulated link running as fast as the CPU allows, over loopback TCP,
/// optionally through a <see cref="FaultyProxy"/>.
/// </summary>
public sealed class LinkHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _aliceStop = new();
    private readonly CancellationTokenSource _bobStop = new();
    private Task _alice = Task.CompletedTask;
    private Task _bob = Task.CompletedTask;
    private FaultyProxy? _proxy;

    /// <param name="bootstrapPads">Pads each way in the authentication bootstrap; the agent's 131 072 when null.</param>
    /// <param name="bobDistillation">Bob's own distillation settings, when they should differ from Alice's.</param>
    public LinkHarness(
        SimulatedLinkOptions? simulation = null, DistillationOptions? distillation = null, string? bobKey = null, int? bootstrapPads = null,
        DistillationOptions? bobDistillation = null)
    {
        Simulation = simulation ?? OperatingPoint(1);
        Simulation.Pacing = SimulationPacing.AsFastAsPossible;
        Distillation = distillation ?? SmallBlocks();
        Link = new SimulatedLink(Simulation, TimeProvider.System);
        var aliceNode = new NodeOptions { Role = NodeRole.Alice, Listen = "127.0.0.1:0", PeerTimeoutSeconds = 5, ReconnectInitialSeconds = 0.05, ReconnectMaxSeconds = 0.5 };
        var bobNode = new NodeOptions { Role = NodeRole.Bob, PreSharedKey = bobKey ?? aliceNode.PreSharedKey, PeerTimeoutSeconds = 5, ReconnectInitialSeconds = 0.05, ReconnectMaxSeconds = 0.5 };
        AliceAuthentication = new StoredAuthenticationKeySource(Bootstrap(aliceNode, bootstrapPads), AliceStore);
        BobAuthentication = new StoredAuthenticationKeySource(Bootstrap(bobNode, bootstrapPads), BobStore);
        Alice = new AliceEndpoint(aliceNode, Distillation, Link.Transmitter, AliceStore, AliceAuthentication, new LinkEndStatistics(), AliceLog);
        Bob = new BobEndpoint(bobNode, bobDistillation ?? Distillation, Link.Tagger, Link.BobTimebase, Link.SlotPeriodPicoseconds, BobStore, BobAuthentication, new LinkEndStatistics(), BobLog, TimeProvider.System);
        Bob.ResolvePeerWith(async ct =>
        {
            IPEndPoint alice = await Alice.Listening.WaitAsync(ct);
            return _proxy is null ? new HostPort("127.0.0.1", alice.Port) : new HostPort("127.0.0.1", _proxy.Port);
        });
    }

    public SimulatedLinkOptions Simulation { get; }

    /// <summary>
    /// The agent's default operating point (agent/appsettings.json, chosen with tools/Planner): 25 km, 100 Hz dark
    /// counts, intensities 0.5/0.24/0.0002 with probabilities 0.3/0.5/0.2, key basis 0.75 at both ends.
    /// </summary>
    public static SimulatedLinkOptions OperatingPoint(ulong seed) => new()
    {
        Seed = seed,
        DarkCountRateHz = 100,
        DecoyIntensity = 0.24,
        SignalProbability = 0.3,
        DecoyProbability = 0.5,
        VacuumProbability = 0.2,
        AliceZBasisProbability = 0.75,
        BobZBasisProbability = 0.75,
    };

    /// <summary>The same operating point as configuration keys, for tests that run a whole host; blocks of 2^19 bits.</summary>
    public static Dictionary<string, string?> OperatingPointSettings() => new()
    {
        ["Simulation:Pacing"] = "AsFastAsPossible",
        ["Simulation:DarkCountRateHz"] = "100",
        ["Simulation:DecoyIntensity"] = "0.24",
        ["Simulation:SignalProbability"] = "0.3",
        ["Simulation:DecoyProbability"] = "0.5",
        ["Simulation:VacuumProbability"] = "0.2",
        ["Simulation:AliceZBasisProbability"] = "0.75",
        ["Simulation:BobZBasisProbability"] = "0.75",
        ["Distillation:BlockBits"] = "524288",
    };

    /// <summary>Blocks of 2^19 key bits: about 127 kbit of key each at the operating point, and quick to test.</summary>
    public static DistillationOptions SmallBlocks() => new() { BlockBits = 1 << 19 };

    public DistillationOptions Distillation { get; }

    public SimulatedLink Link { get; }

    public AliceEndpoint Alice { get; }

    public BobEndpoint Bob { get; }

    public SqliteKeyStore AliceStore { get; } = SqliteKeyStore.OpenInMemory(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>
    /// Each end's authentication pads as the agent keeps them: bootstrapped from its pre-shared key, replenished from
    /// its store.
    /// </summary>
    public StoredAuthenticationKeySource AliceAuthentication { get; }

    public StoredAuthenticationKeySource BobAuthentication { get; }

    public SqliteKeyStore BobStore { get; } = SqliteKeyStore.OpenInMemory(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public RecordingLogger AliceLog { get; } = new("alice");

    public RecordingLogger BobLog { get; } = new("bob");

    public IReadOnlyList<LinkEnd> Ends => [new("alice", Alice.Statistics, AliceStore), new("bob", Bob.Statistics, BobStore)];

    private static InMemoryAuthenticationKeySource Bootstrap(NodeOptions node, int? pads)
    {
        if (pads is null)
        {
            return AuthenticationBootstrap.Create(node);
        }

        byte[] material = AuthenticationBootstrap.ExpandPreSharedKey(node.PreSharedKeyBytes(), node.LinkId, pads.Value * InMemoryAuthenticationKeySource.PadBytes);
        return new InMemoryAuthenticationKeySource(material);
    }

    /// <summary>Starts both ends; with a fault, Bob talks to Alice through a proxy that injects it.</summary>
    public async Task StartAsync(ProxyFault? fault = null, long faultAfterBytes = 0)
    {
        _alice = Alice.RunAsync(_aliceStop.Token);
        IPEndPoint alice = await Alice.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        if (fault is not null)
        {
            _proxy = new FaultyProxy(alice, fault.Value, faultAfterBytes);
        }

        _bob = Bob.RunAsync(_bobStop.Token);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="limit"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (_alice.IsFaulted || _bob.IsFaulted)
            {
                await Task.WhenAll(_alice, _bob);
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}. Alice log:\n{string.Join('\n', AliceLog.Entries.TakeLast(20).Select(e => e.Message))}\nBob log:\n{string.Join('\n', BobLog.Entries.TakeLast(20).Select(e => e.Message))}");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops Bob at a block boundary, then Alice, as the host does.</summary>
    public async Task StopAsync()
    {
        await _bobStop.CancelAsync();
        await _bob.WaitAsync(TimeSpan.FromSeconds(30));
        await _aliceStop.CancelAsync();
        await _alice.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_bobStop.IsCancellationRequested || !_aliceStop.IsCancellationRequested)
        {
            await StopAsync();
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        AliceStore.Dispose();
        BobStore.Dispose();
        AliceAuthentication.Dispose();
        BobAuthentication.Dispose();
        _aliceStop.Dispose();
        _bobStop.Dispose();
    }
}
