using Google.Protobuf;
using Microsoft.Extensions.Logging;
using NodeAgent.KeyDelivery;
using NodeAgent.Keys;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.KeyManagement;

/// <summary>
/// The asking side of a key-management session: resynchronises the stores when the session starts, then reserves keys
/// at the peer for this node's master SAEs, one request at a time.
/// </summary>
public sealed class KeyChannelRequester : IKeyReservationPeer
{
    private readonly SqliteKeyStore _store;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PeerConnection? _connection;
    private TaskCompletionSource? _detached;

    public KeyChannelRequester(SqliteKeyStore store, TimeSpan timeout, ILogger logger)
    {
        _store = store;
        _timeout = timeout;
        _logger = logger;
    }

    /// <inheritdoc />
    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>Keys dropped by resynchronisation since start.</summary>
    public long KeysDroppedByResync { get; private set; }

    /// <summary>
    /// Takes over a fresh session: resynchronises, then serves reservations over it until a request fails on it or
    /// <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task RunAsync(PeerConnection connection, CancellationToken cancellationToken)
    {
        var detached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ulong upTo = Math.Min(_store.LastCommittedBlock, connection.PeerHello.LastCommittedBlock);
            await ResynchroniseAsync(connection, upTo, cancellationToken).ConfigureAwait(false);
            _detached = detached;
            Volatile.Write(ref _connection, connection);
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            // An empty inventory (up to block 0) every so often keeps the session known to be alive at both ends.
            while (!detached.Task.IsCompleted)
            {
                await Task.WhenAny(detached.Task, Task.Delay(KeepAliveInterval, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                await KeepAliveAsync(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Detach(connection);
        }
    }

    /// <summary>How often an idle session is probed.</summary>
    public static TimeSpan KeepAliveInterval { get; } = TimeSpan.FromSeconds(30);

    private async Task KeepAliveAsync(PeerConnection connection, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _connection) == connection)
            {
                await connection.RequestAsync(new Envelope { InventoryRequest = new InventoryRequest() }, _timeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is PeerProtocolException or IOException or ObjectDisposedException)
        {
            _logger.LogWarning("Key-management session lost: {Reason}", ex.Message);
            Detach(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Detach(PeerConnection connection)
    {
        if (Interlocked.CompareExchange(ref _connection, null, connection) == connection)
        {
            _detached?.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async Task<ReservationReply> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            PeerConnection? connection = Volatile.Read(ref _connection);
            if (connection is null)
            {
                return ReservationReply.Unreachable("no key-management session with the peer node");
            }

            var message = new ReserveKeysRequest { SizeBits = (uint)request.SizeBits, MasterSae = request.MasterSae, SlaveSae = request.SlaveSae };
            message.StoreKeyIds.AddRange(request.StoreKeyIds.Select(KeyIds.ToBytes));
            message.DeliveryKeyIds.AddRange(request.DeliveryKeyIds.Select(KeyIds.ToBytes));
            try
            {
                Envelope reply = await connection.RequestAsync(new Envelope { ReserveKeysRequest = message }, _timeout, cancellationToken).ConfigureAwait(false);
                if (reply.BodyCase != Envelope.BodyOneofCase.ReserveKeysResponse)
                {
                    throw new PeerProtocolException(PeerFailure.Malformed, $"expected ReserveKeysResponse, got {reply.BodyCase}");
                }

                ReserveKeysResponse response = reply.ReserveKeysResponse;
                return response.Accepted
                    ? new ReservationReply(ReservationOutcome.Reserved, [], "")
                    : new ReservationReply(ReservationOutcome.KeysMissing, response.MissingKeyIds.Select(KeyIds.FromBytes).ToList(), response.Reason);
            }
            catch (Exception ex) when (ex is PeerProtocolException or IOException or ObjectDisposedException)
            {
                // The outcome at the peer is unknown: nothing is handed out here, and the next session's
                // resynchronisation removes the keys if the peer did reserve them.
                Detach(connection);
                _logger.LogWarning("Key reservation with the peer failed: {Reason}", ex.Message);
                return ReservationReply.Unreachable(ex.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ResynchroniseAsync(PeerConnection connection, ulong upTo, CancellationToken cancellationToken)
    {
        var request = new InventoryRequest { UpToBlock = upTo };
        foreach ((ulong block, int count, ulong hash) in _store.BlockSummaries(upTo))
        {
            request.Blocks.Add(new BlockSummary { Block = block, Count = (uint)count, IdHash = hash });
        }

        Envelope reply = await connection.RequestAsync(new Envelope { InventoryRequest = request }, _timeout, cancellationToken).ConfigureAwait(false);
        InventoryResponse response = reply.BodyCase == Envelope.BodyOneofCase.InventoryResponse
            ? reply.InventoryResponse
            : throw new PeerProtocolException(PeerFailure.Malformed, $"expected InventoryResponse, got {reply.BodyCase}");
        var differing = response.DifferingBlocks.Where(b => b <= upTo).ToHashSet();
        var peerIds = response.KeyIds.Select(KeyIds.FromBytes).ToHashSet();
        int dropped = _store.Resynchronise(differing, peerIds);
        var mine = new InventoryIds();
        mine.KeyIds.AddRange(_store.IdsInBlocks(differing).Select(KeyIds.ToBytes));
        Envelope ack = await connection.RequestAsync(new Envelope { InventoryIds = mine }, _timeout, cancellationToken).ConfigureAwait(false);
        if (ack.BodyCase != Envelope.BodyOneofCase.InventoryIds)
        {
            throw new PeerProtocolException(PeerFailure.Malformed, $"expected InventoryIds, got {ack.BodyCase}");
        }

        KeysDroppedByResync += dropped;
        _logger.LogInformation("Key stores resynchronised up to block {Block}: {Differing} blocks differed, {Dropped} keys dropped here", upTo, differing.Count, dropped);
    }
}
