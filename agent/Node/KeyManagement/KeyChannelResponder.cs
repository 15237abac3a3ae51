using Microsoft.Extensions.Logging;
using NodeAgent.Keys;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.KeyManagement;

/// <summary>
/// The answering side of a key-management session: reserves keys for the peer node's master SAEs (after a durable
/// commit) and takes part in resynchronisation. Every malformed request ends the session with a counted failure.
/// </summary>
public sealed class KeyChannelResponder
{
    private const int MaxKeysPerReservation = 4096;
    private const int MaxSaeIdLength = 256;

    /// <summary>An idle session is closed after this long, and the dialling end reconnects: a dead peer shows.</summary>
    private static readonly TimeSpan s_idle = TimeSpan.FromMinutes(2);

    private readonly SqliteKeyStore _store;
    private readonly int _peerLane;
    private readonly int _storeKeyBits;
    private readonly ILogger _logger;

    /// <param name="store">This node's store.</param>
    /// <param name="peerLane">The lane the peer node serves to its masters: the only keys it may reserve here.</param>
    /// <param name="storeKeyBits">Size of a store key.</param>
    /// <param name="logger">Where refusals are logged.</param>
    public KeyChannelResponder(SqliteKeyStore store, int peerLane, int storeKeyBits, ILogger logger)
    {
        _store = store;
        _peerLane = peerLane;
        _storeKeyBits = storeKeyBits;
        _logger = logger;
    }

    /// <summary>Reservations answered and refused (keys missing).</summary>
    public long Reserved { get; private set; }

    public long Refused { get; private set; }

    /// <summary>Answers requests until the session ends (the exception says how).</summary>
    public async Task ServeAsync(PeerConnection connection, CancellationToken cancellationToken)
    {
        HashSet<ulong>? differing = null;
        while (true)
        {
            Envelope request = await connection.ReceiveAsync(s_idle, cancellationToken).ConfigureAwait(false);
            Envelope reply;
            switch (request.BodyCase)
            {
                case Envelope.BodyOneofCase.ReserveKeysRequest:
                    reply = new Envelope { ReserveKeysResponse = Reserve(request.ReserveKeysRequest) };
                    break;
                case Envelope.BodyOneofCase.InventoryRequest:
                    (InventoryResponse response, differing) = Compare(request.InventoryRequest);
                    reply = new Envelope { InventoryResponse = response };
                    break;
                case Envelope.BodyOneofCase.InventoryIds when differing is not null:
                    _store.Resynchronise(differing, request.InventoryIds.KeyIds.Select(KeyIds.FromBytes).ToHashSet());
                    differing = null;
                    reply = new Envelope { InventoryIds = new InventoryIds() };
                    break;
                default:
                    throw new PeerProtocolException(PeerFailure.Malformed, $"unexpected {request.BodyCase} on a key-management session");
            }

            await connection.SendAsync(reply, cancellationToken).ConfigureAwait(false);
        }
    }

    private ReserveKeysResponse Reserve(ReserveKeysRequest request)
    {
        int size = (int)Math.Min(request.SizeBits, int.MaxValue);
        int number = request.DeliveryKeyIds.Count;
        if (size == 0 || size % 8 != 0 || number == 0 || number > MaxKeysPerReservation
            || request.StoreKeyIds.Count != KeyComposer.StoreKeysNeeded(number, size, _storeKeyBits)
            || request.MasterSae.Length is 0 or > MaxSaeIdLength || request.SlaveSae.Length is 0 or > MaxSaeIdLength)
        {
            throw new PeerProtocolException(PeerFailure.Malformed, "reservation request is inconsistent");
        }

        var storeIds = request.StoreKeyIds.Select(KeyIds.FromBytes).ToList();
        var deliveryIds = request.DeliveryKeyIds.Select(KeyIds.FromBytes).ToList();
        if (storeIds.Any(id => SqliteKeyStore.LaneOf(id) != _peerLane) || storeIds.Distinct().Count() != storeIds.Count || deliveryIds.Distinct().Count() != deliveryIds.Count)
        {
            throw new PeerProtocolException(PeerFailure.Malformed, "reservation names keys of this node's lane, or repeats keys");
        }

        IReadOnlyList<Guid> missing = _store.Reserve(storeIds, deliveryIds, size, request.MasterSae, request.SlaveSae);
        var response = new ReserveKeysResponse { Accepted = missing.Count == 0 };
        if (missing.Count > 0)
        {
            Refused++;
            response.Reason = $"{missing.Count} keys not held here";
            response.MissingKeyIds.AddRange(missing.Select(KeyIds.ToBytes));
            _logger.LogWarning("Reservation refused: {Count} keys not held here", missing.Count);
        }
        else
        {
            Reserved++;
        }

        return response;
    }

    private (InventoryResponse Response, HashSet<ulong> Differing) Compare(InventoryRequest request)
    {
        ulong upTo = Math.Min(request.UpToBlock, _store.LastCommittedBlock);
        var theirs = new Dictionary<ulong, (uint Count, ulong Hash)>();
        foreach (BlockSummary summary in request.Blocks)
        {
            if (summary.Block <= upTo)
            {
                theirs[summary.Block] = (summary.Count, summary.IdHash);
            }
        }

        var differing = new HashSet<ulong>();
        foreach ((ulong block, int count, ulong hash) in _store.BlockSummaries(upTo))
        {
            if (!theirs.Remove(block, out var other) || other.Count != (uint)count || other.Hash != hash)
            {
                differing.Add(block);
            }
        }

        differing.UnionWith(theirs.Keys);
        var response = new InventoryResponse();
        response.DifferingBlocks.AddRange(differing);
        response.KeyIds.AddRange(_store.IdsInBlocks(differing).Select(KeyIds.ToBytes));
        return (response, differing);
    }
}
