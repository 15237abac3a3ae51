using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodeAgent.Hal.Transmitter;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// Alice's end of the link: listens for Bob and serves one session at a time. A new connection ends the previous
/// session (discarding its block) before its handshake starts, so the Hello it sends states exactly what is committed.
/// </summary>
public sealed class AliceEndpoint
{
    private readonly NodeOptions _node;
    private readonly DistillationOptions _distillation;
    private readonly ITransmitterRecord _transmitter;
    private readonly IKeyStore _store;
    private readonly IAuthenticationKeySource _authentication;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AliceEndpoint(
        NodeOptions node, DistillationOptions distillation, ITransmitterRecord transmitter, IKeyStore store,
        IAuthenticationKeySource authentication, LinkEndStatistics statistics, ILogger logger)
    {
        _node = node;
        _distillation = distillation;
        _transmitter = transmitter;
        _store = store;
        _authentication = authentication;
        Statistics = statistics;
        _logger = logger;
    }

    /// <summary>Counters of this end.</summary>
    public LinkEndStatistics Statistics { get; }

    /// <summary>Completes with the bound address once listening (useful with port 0).</summary>
    public Task<IPEndPoint> Listening => _listening.Task;

    /// <summary>Accepts and serves Bob until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        HostPort listen = HostPort.TryParse(_node.Listen, out HostPort? parsed) ? parsed.Value : throw new InvalidOperationException("Node:Listen is invalid.");
        IPAddress address = IPAddress.TryParse(listen.Host, out IPAddress? ip)
            ? ip
            : (await Dns.GetHostAddressesAsync(listen.Host, cancellationToken).ConfigureAwait(false))[0];
        using var listener = new TcpListener(address, listen.Port);
        listener.Start();
        var bound = (IPEndPoint)listener.LocalEndpoint;
        _listening.TrySetResult(bound);
        _logger.LogInformation("Alice listening on {Endpoint}", bound);
        CancellationTokenSource? sessionCancel = null;
        Task session = Task.CompletedTask;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (sessionCancel is not null)
                {
                    await sessionCancel.CancelAsync().ConfigureAwait(false);
                    await session.ConfigureAwait(false);
                    sessionCancel.Dispose();
                }

                sessionCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                session = ServeAsync(client, sessionCancel.Token);
            }
        }
        finally
        {
            if (sessionCancel is not null)
            {
                await sessionCancel.CancelAsync().ConfigureAwait(false);
                await session.ConfigureAwait(false);
                sessionCancel.Dispose();
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        EndPoint? remote = client.Client.RemoteEndPoint;
        client.NoDelay = true;
        var settings = new PeerSessionSettings(_node.LinkId, _authentication, "bob", TimeSpan.FromSeconds(_node.PeerTimeoutSeconds));
        try
        {
            var hello = new Hello { Role = "alice", LastCommittedBlock = _store.LastCommittedBlock };
            await using PeerConnection connection = await PeerConnection.AcceptAsync(client.GetStream(), settings, hello, Statistics.PeerLink, cancellationToken).ConfigureAwait(false);
            Statistics.PeerLink.Connected();
            _logger.LogInformation("Session with Bob at {Remote} established", remote);
            using var session = new AliceSession(connection, _transmitter, _store, _distillation, Statistics, _logger, settings.HandshakeTimeout);
            await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Replaced by a newer session, or shutting down.
        }
        catch (PeerProtocolException ex) when (ex.Failure is PeerFailure.Closed)
        {
            // Between blocks this is Bob stopping or reconnecting; mid-block, AliceSession logs the discarded block.
            _logger.LogInformation("Session with Bob at {Remote} ended: {Reason}", remote, ex.Message);
        }
        catch (PeerProtocolException ex)
        {
            _logger.LogError("Session with Bob at {Remote} failed ({Failure}): {Reason}", remote, ex.Failure, ex.Message);
        }
        catch (IOException ex)
        {
            _logger.LogWarning("Session with Bob at {Remote} lost: {Reason}", remote, ex.Message);
        }
        finally
        {
            client.Dispose();
        }
    }
}
