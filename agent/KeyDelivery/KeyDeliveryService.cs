using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using NodeAgent.KeyDelivery.Etsi;
using NodeAgent.Keys;

namespace NodeAgent.KeyDelivery;

/// <summary>
/// The key manager of one end, as ETSI GS QKD 014 exposes it: status, keys for a master SAE (after the peer node has
/// reserved the same keys for the slave SAE), and keys by ID for the slave SAE. Transport-free, so tests can drive it.
/// </summary>
/// <remarks>
/// Which store keys an end may hand to masters is fixed by the key's lane (see <see cref="SqliteKeyStore"/>), so both
/// ends serve at once without ever picking the same key. Nothing is consumed unless the peer committed its reservation
/// first; a request that fails at any step leaves the store as it was (claims are released).
/// </remarks>
public sealed class KeyDeliveryService
{
    private const int ReservationAttempts = 3;

    private readonly string _end;
    private readonly KmeOptions _self;
    private readonly string _peerKmeId;
    private readonly KeyDeliveryOptions _options;
    private readonly SqliteKeyStore _store;
    private readonly int _storeKeyBits;
    private readonly IKeyReservationPeer _peer;
    private readonly ILogger _logger;

    public KeyDeliveryService(
        string end, KmeOptions self, string peerKmeId, KeyDeliveryOptions options, SqliteKeyStore store, int storeKeyBits,
        IKeyReservationPeer peer, ILogger logger)
    {
        _end = end;
        _self = self;
        _peerKmeId = peerKmeId;
        _options = options;
        _store = store;
        _storeKeyBits = storeKeyBits;
        _peer = peer;
        _logger = logger;
        Lane = end == "alice" ? 0 : 1;
    }

    /// <summary>The store lane this end hands to master SAEs.</summary>
    public int Lane { get; }

    /// <summary>Requests answered, by status code.</summary>
    public KeyDeliveryStatistics Statistics { get; } = new();

    /// <summary>GET status: what the caller (as master) could get for <paramref name="slaveSae"/>.</summary>
    public EtsiResult Status(string? callerSae, string slaveSae)
    {
        if (Authorize(callerSae, slaveSae) is { } denied)
        {
            return Count(denied);
        }

        int storedKeys = (int)((long)_store.AvailableInLane(Lane) * _storeKeyBits / _options.DefaultKeySize);
        return Count(EtsiResult.Ok(new EtsiStatus(
            _self.KmeId, _peerKmeId, callerSae!, slaveSae, _options.DefaultKeySize, storedKeys, _options.MaxKeyCount,
            _options.MaxKeysPerRequest, _options.MaxKeySize, _options.MinKeySize, MaxSaeIdCount: 0)));
    }

    /// <summary>GET or POST enc_keys: new keys for the master, reserved for <paramref name="slaveSae"/> at the peer.</summary>
    public async Task<EtsiResult> EncKeysAsync(string? callerSae, string slaveSae, EtsiKeyRequest request, CancellationToken cancellationToken)
    {
        if (Authorize(callerSae, slaveSae) is { } denied)
        {
            return Count(denied);
        }

        int number = request.Number ?? 1;
        int size = request.Size ?? _options.DefaultKeySize;
        if (number < 1 || number > _options.MaxKeysPerRequest)
        {
            return Count(EtsiResult.BadRequest("number out of range", $"number must be between 1 and {_options.MaxKeysPerRequest}"));
        }

        if (size % 8 != 0 || size < _options.MinKeySize || size > _options.MaxKeySize)
        {
            return Count(EtsiResult.BadRequest("size not supported", $"size must be a multiple of 8 between {_options.MinKeySize} and {_options.MaxKeySize}"));
        }

        if (request.AdditionalSlaveSaeIds is { Count: > 0 })
        {
            return Count(EtsiResult.BadRequest("additional_slave_SAE_IDs not supported", "max_SAE_ID_count is 0"));
        }

        if (request.ExtensionMandatory is { Count: > 0 })
        {
            return Count(EtsiResult.BadRequest("not all extension_mandatory parameters are supported", "this KME supports no extensions"));
        }

        if (!_peer.IsConnected)
        {
            return Count(EtsiResult.Unavailable("peer KME unreachable", "no key-management session with the peer node"));
        }

        int storeKeys = KeyComposer.StoreKeysNeeded(number, size, _storeKeyBits);
        for (int attempt = 0; attempt < ReservationAttempts; attempt++)
        {
            IReadOnlyList<Guid>? claimed = _store.Claim(Lane, storeKeys);
            if (claimed is null)
            {
                return Count(EtsiResult.Unavailable("insufficient key", $"{number} keys of {size} bits are not available for {slaveSae}"));
            }

            var deliveryIds = Enumerable.Range(0, number).Select(_ => Guid.NewGuid()).ToArray();
            ReservationReply reply;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(_options.PeerTimeoutSeconds));
                try
                {
                    reply = await _peer.ReserveAsync(new ReservationRequest(claimed, deliveryIds, size, callerSae!, slaveSae), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    reply = ReservationReply.Unreachable("the peer node did not answer in time");
                }
                catch
                {
                    _store.Release(claimed);
                    throw;
                }
            }

            switch (reply.Outcome)
            {
                case ReservationOutcome.Unreachable:
                    _store.Release(claimed);
                    return Count(EtsiResult.Unavailable("peer KME unreachable", reply.Reason));
                case ReservationOutcome.KeysMissing:
                    // The peer consumed or expired them (its state is the truth after a crash here): drop and retry.
                    _store.Forget(reply.MissingKeyIds.ToArray());
                    _store.Release(claimed);
                    _logger.LogWarning("{End}: peer lacks {Count} keys; retrying with others", _end, reply.MissingKeyIds.Count);
                    continue;
            }

            byte[][]? keys = _store.TakeClaimed(claimed, deliveryIds, size, callerSae!, slaveSae);
            if (keys is null)
            {
                _logger.LogError("{End}: keys reserved at the peer vanished here; the reservation there expires unused", _end);
                return Count(EtsiResult.Unavailable("key store changed during the request"));
            }

            _logger.LogInformation("{End}: {Count} keys of {Size} bits delivered to {Master} for {Slave}", _end, number, size, callerSae, slaveSae);
            return Count(EtsiResult.Ok(new EtsiKeyContainer(Container(deliveryIds, keys))));
        }

        return Count(EtsiResult.Unavailable("key stores out of step with the peer", "retry after resynchronisation"));
    }

    /// <summary>GET or POST dec_keys: the keys with the given IDs, reserved by <paramref name="masterSae"/> for the caller.</summary>
    public EtsiResult DecKeys(string? callerSae, string masterSae, IReadOnlyList<string?> keyIds)
    {
        if (Authorize(callerSae, masterSae) is { } denied)
        {
            return Count(denied);
        }

        if (keyIds.Count == 0 || keyIds.Count > _options.MaxKeysPerRequest)
        {
            return Count(EtsiResult.BadRequest("key_IDs missing or too many", $"between 1 and {_options.MaxKeysPerRequest} key_IDs"));
        }

        var ids = new Guid[keyIds.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!Guid.TryParse(keyIds[i], out ids[i]))
            {
                return Count(EtsiResult.BadRequest("key_ID is not a UUID"));
            }
        }

        if (ids.Distinct().Count() != ids.Length)
        {
            return Count(EtsiResult.BadRequest("key_IDs repeat"));
        }

        switch (_store.TakeDeliveries(ids, callerSae!, masterSae, out byte[][] keys))
        {
            case DeliveryOutcome.NotFound:
                return Count(EtsiResult.BadRequest("key not found", "unknown key_ID, already delivered, expired, or not issued by this master"));
            case DeliveryOutcome.NotAuthorized:
                _logger.LogWarning("{End}: {Caller} asked for keys issued to another SAE", _end, callerSae);
                return Count(EtsiResult.Unauthorized("key_ID issued for another SAE"));
        }

        _logger.LogInformation("{End}: {Count} keys delivered to {Slave} from {Master}", _end, ids.Length, callerSae, masterSae);
        return Count(EtsiResult.Ok(new EtsiKeyContainer(Container(ids, keys))));
    }

    private EtsiResult? Authorize(string? callerSae, string peerSae)
    {
        if (callerSae is null || !_self.Saes.TryGetValue(callerSae, out string[]? allowed))
        {
            return EtsiResult.Unauthorized("SAE not registered at this KME");
        }

        return allowed.Contains(peerSae, StringComparer.Ordinal) ? null : EtsiResult.Unauthorized($"SAE {callerSae} may not exchange keys with {peerSae}");
    }

    private static List<EtsiKey> Container(IReadOnlyList<Guid> ids, byte[][] keys)
    {
        var container = new List<EtsiKey>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            container.Add(new EtsiKey(ids[i].ToString(), Convert.ToBase64String(keys[i])));
            CryptographicOperations.ZeroMemory(keys[i]);
        }

        return container;
    }

    private EtsiResult Count(EtsiResult result)
    {
        Statistics.Answered(result.StatusCode);
        return result;
    }
}
