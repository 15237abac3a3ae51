using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.KeyManagement;

/// <summary>
/// The key-management sessions of one end with the peer node, beside the distillation session: Bob dials two
/// (one where his node asks, one where Alice's asks) to Alice's key listener, and redials when one ends.
/// </summary>
public sealed class KeyChannelEndpoint
{
    private readonly NodeOptions _node;
    private readonly NodeRole _role;
    private readonly SqliteKeyStore _store;
    private readonly IAuthenticationKeySource _authentication;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<CancellationToken, Task<HostPort>> _peer;

    public KeyChannelEndpoint(NodeOptions node, NodeRole role, SqliteKeyStore store, IAuthenticationKeySource authentication, int storeKeyBits, ILogger logger)
    {
        _node = node;
        _role = role;
        _store = store;
        _authentication = authentication;
        _logger = logger;
        var timeout = TimeSpan.FromSeconds(node.PeerTimeoutSeconds);
        Requester = new KeyChannelRequester(store, timeout, Statistics, logger);
        Responder = new KeyChannelResponder(store, peerLane: role == NodeRole.Alice ? 1 : 0, storeKeyBits, Statistics, logger);
        HostPort peer = HostPort.TryParse(node.KeyPeer, out HostPort? parsed) ? parsed.Value : throw new InvalidOperationException("Node:KeyPeer is invalid.");
        _peer = _ => Task.FromResult(peer);
    }

    /// <summary>Reserves keys at the peer for this node's master SAEs.</summary>
    public KeyChannelRequester Requester { get; }

    /// <summary>Answers the peer node's reservations.</summary>
    public KeyChannelResponder Responder { get; }

    /// <summary>Counters of the key-management sessions.</summary>
    public PeerLinkStatistics Statistics { get; } = new();

    /// <summary>Alice: completes with the bound address once listening.</summary>
    public Task<IPEndPoint> Listening => _listening.Task;

    /// <summary>Bob: finds Alice's key listener when it is known only at run time.</summary>
    public void ResolvePeerWith(Func<CancellationToken, Task<HostPort>> resolve) => _peer = resolve;

    /// <summary>Runs the sessions until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _role == NodeRole.Alice
        ? ListenAsync(cancellationToken)
        : Task.WhenAll(DialAsync(Channel.KeysFromBob, cancellationToken), DialAsync(Channel.KeysFromAlice, cancellationToken));

    private PeerSessionSettings Settings() =>
        new(_node.LinkId, _authentication, _role == NodeRole.Alice ? "bob" : "alice", TimeSpan.FromSeconds(_node.PeerTimeoutSeconds));

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        HostPort listen = HostPort.TryParse(_node.KeyListen, out HostPort? parsed) ? parsed.Value : throw new InvalidOperationException("Node:KeyListen is invalid.");
        using var listener = new TcpListener(IPAddress.Parse(listen.Host == "localhost" ? "127.0.0.1" : listen.Host), listen.Port);
        listener.Start();
        _listening.TrySetResult((IPEndPoint)listener.LocalEndpoint);
        var sessions = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TcpClient client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                sessions.RemoveAll(t => t.IsCompleted);
                sessions.Add(ServeAcceptedAsync(client, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
    }

    private async Task ServeAcceptedAsync(TcpClient client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using (client)
        {
            client.NoDelay = true;
            await RunSessionAsync(client.GetStream(), accepting: true, Channel.KeysFromBob, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DialAsync(Channel channel, CancellationToken cancellationToken)
    {
        TimeSpan delay = TimeSpan.FromSeconds(_node.ReconnectInitialSeconds);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                HostPort peer = await _peer(cancellationToken).ConfigureAwait(false);
                using var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(peer.Host, peer.Port, cancellationToken).ConfigureAwait(false);
                if (await RunSessionAsync(client.GetStream(), accepting: false, channel, cancellationToken).ConfigureAwait(false))
                {
                    delay = TimeSpan.FromSeconds(_node.ReconnectInitialSeconds);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogDebug("Key channel: peer unreachable: {Reason}", ex.Message);
            }

            try
            {
                await Task.Delay(delay * (0.5 + Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, _node.ReconnectMaxSeconds));
        }
    }

    /// <summary>One session; true if it got past the handshake.</summary>
    private async Task<bool> RunSessionAsync(Stream stream, bool accepting, Channel channel, CancellationToken cancellationToken)
    {
        var hello = new Hello { Role = _role == NodeRole.Alice ? "alice" : "bob", Channel = channel, LastCommittedBlock = _store.LastCommittedBlock };
        PeerConnection? connection = null;
        try
        {
            connection = accepting
                ? await PeerConnection.AcceptAsync(stream, Settings(), hello, Statistics, cancellationToken).ConfigureAwait(false)
                : await PeerConnection.ConnectAsync(stream, Settings(), hello, Statistics, cancellationToken).ConfigureAwait(false);
            Statistics.Connected();
            Channel agreed = accepting ? connection.PeerHello.Channel : channel;
            bool asking = (agreed == Channel.KeysFromAlice) == (_role == NodeRole.Alice);
            if (agreed == Channel.Distillation)
            {
                throw new PeerProtocolException(PeerFailure.Incompatible, "a distillation session on the key-management port");
            }

            _logger.LogInformation("Key-management session up ({Channel}, this node {Side})", agreed, asking ? "asks" : "answers");
            if (asking)
            {
                await Requester.RunAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Responder.ServeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return connection is not null;
        }
        catch (Exception ex) when (ex is PeerProtocolException or IOException or ObjectDisposedException)
        {
            _logger.LogWarning("Key-management session ended: {Reason}", ex.Message);
            return connection is not null;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
