using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodeAgent.Distillation.Slotting;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Timing;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// Bob's end of the link: connects to Alice, reconnecting with jittered exponential back-off, and runs sessions.
/// The one block that may be finished but not yet known to be committed at Alice stays staged in the store (durably)
/// until a Hello from Alice says which way it went.
/// </summary>
public sealed class BobEndpoint
{
    private readonly NodeOptions _node;
    private readonly DistillationOptions _distillation;
    private readonly ITimeTagger _tagger;
    private readonly ITimebase _timebase;
    private readonly long _slotPeriodPs;
    private readonly IKeyStore _store;
    private readonly IAuthenticationKeySource _authentication;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Func<CancellationToken, Task<HostPort>> _peer;
    private ulong _lastBlockAttempted;

    public BobEndpoint(
        NodeOptions node, DistillationOptions distillation, ITimeTagger tagger, ITimebase timebase, long slotPeriodPs,
        IKeyStore store, IAuthenticationKeySource authentication, LinkEndStatistics statistics, ILogger logger, TimeProvider time)
    {
        _node = node;
        _distillation = distillation;
        _tagger = tagger;
        _timebase = timebase;
        _slotPeriodPs = slotPeriodPs;
        _store = store;
        _authentication = authentication;
        Statistics = statistics;
        _logger = logger;
        _time = time;
        HostPort peer = HostPort.TryParse(node.Peer, out HostPort? parsed) ? parsed.Value : throw new InvalidOperationException("Node:Peer is invalid.");
        _peer = _ => Task.FromResult(peer);
    }

    /// <summary>Counters of this end.</summary>
    public LinkEndStatistics Statistics { get; }

    /// <summary>Finds Alice's address when it is known only at run time (one-process mode with port 0).</summary>
    public void ResolvePeerWith(Func<CancellationToken, Task<HostPort>> resolve) => _peer = resolve;

    /// <summary>How long a block in progress may take to finish once stopping is requested.</summary>
    public static TimeSpan StopGrace { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Connects and distils until <paramref name="stopping"/>; a block in progress gets <see cref="StopGrace"/> to finish.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var hard = new CancellationTokenSource();
        using CancellationTokenRegistration graceTimer = stopping.Register(() => hard.CancelAfter(StopGrace));
        CancellationToken cancellationToken = hard.Token;
        TimeSpan delay = TimeSpan.FromSeconds(_node.ReconnectInitialSeconds);
        var settings = new PeerSessionSettings(_node.LinkId, _authentication, "alice", TimeSpan.FromSeconds(_node.PeerTimeoutSeconds));
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                bool established = await RunSessionAsync(settings, stopping, cancellationToken).ConfigureAwait(false);
                if (established)
                {
                    delay = TimeSpan.FromSeconds(_node.ReconnectInitialSeconds);
                }

                TimeSpan jittered = delay * (0.5 + Random.Shared.NextDouble());
                await Task.Delay(jittered, _time, stopping).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, _node.ReconnectMaxSeconds));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> RunSessionAsync(PeerSessionSettings settings, CancellationToken stopping, CancellationToken cancellationToken)
    {
        HostPort peer = await _peer(cancellationToken).ConfigureAwait(false);
        using var client = new TcpClient { NoDelay = true };
        bool established = false;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(settings.HandshakeTimeout);
                await client.ConnectAsync(peer.Host, peer.Port, connectTimeout.Token).ConfigureAwait(false);
            }

            var hello = new Hello { Role = "bob", LastCommittedBlock = _store.LastCommittedBlock, PendingBlock = _store.StagedBlock };
            await using PeerConnection connection = await PeerConnection.ConnectAsync(client.GetStream(), settings, hello, Statistics.PeerLink, cancellationToken).ConfigureAwait(false);
            established = true;
            Statistics.PeerLink.Connected();
            ulong aliceCommitted = connection.PeerHello.LastCommittedBlock;
            ResolveStaged(aliceCommitted);
            _logger.LogInformation("Session with Alice at {Peer} established (her last block {Block})", peer, aliceCommitted);
            ulong next = Math.Max(Math.Max(_lastBlockAttempted, _store.LastCommittedBlock), aliceCommitted) + 1;
            var slotter = new DetectionSlotter(_timebase, DetectorChannelMap.FourDetectorPassive, _slotPeriodPs, _distillation.AcceptanceWindowPs, (ulong)Random.Shared.NextInt64());
            using var session = new BobSession(connection, _tagger, slotter, _store, _distillation, Statistics, _logger, _time, settings.HandshakeTimeout, next);
            try
            {
                await session.RunAsync(stopping, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _lastBlockAttempted = Math.Max(_lastBlockAttempted, session.LastBlockAttempted);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PeerProtocolException ex)
        {
            _logger.LogError("Session with Alice failed ({Failure}): {Reason}", ex.Failure, ex.Message);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            Statistics.PeerLink.Failed(PeerFailure.Closed);
            _logger.LogWarning("Alice at {Peer} unreachable: {Reason}", peer, ex.Message);
        }

        if (_store.StagedBlock != 0)
        {
            _logger.LogWarning("Block {Block} awaits Alice's confirmation; resolved on reconnect", _store.StagedBlock);
        }

        return established;
    }

    /// <summary>Alice's Hello says whether she committed the block Bob staged: commit it too, or drop it.</summary>
    private void ResolveStaged(ulong aliceCommitted)
    {
        ulong staged = _store.StagedBlock;
        if (staged == 0)
        {
            return;
        }

        if (aliceCommitted >= staged)
        {
            int keys = _store.CommitStaged(staged);
            Statistics.BlockAccepted(keys * (long)_distillation.KeyBits);
            _logger.LogInformation("Block {Block} committed after reconnect: Alice had committed it", staged);
        }
        else
        {
            const string reason = "Alice never committed it";
            _store.DropStaged(staged);
            _logger.LogError("Block {Block} discarded: {Reason}", staged, reason);
            Statistics.BlockDiscarded(reason);
        }
    }
}
