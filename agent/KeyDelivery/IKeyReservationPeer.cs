namespace NodeAgent.KeyDelivery;

/// <summary>The peer node, as the master SAE's node sees it when it reserves keys for the slave SAE.</summary>
public interface IKeyReservationPeer
{
    /// <summary>Whether a key-management session with the peer is up now.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Asks the peer to set the store keys aside, composed into the delivered keys, for the slave SAE; it answers only
    /// after a durable commit. Unreachable if the session is down or the peer does not answer in time.
    /// </summary>
    Task<ReservationReply> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken);
}

/// <summary>What the master's node asks the peer node to reserve.</summary>
public sealed record ReservationRequest(
    IReadOnlyList<Guid> StoreKeyIds, IReadOnlyList<Guid> DeliveryKeyIds, int SizeBits, string MasterSae, string SlaveSae);

/// <summary>The peer node's answer.</summary>
/// <param name="Outcome">Reserved, refused because keys are missing there, or no answer.</param>
/// <param name="MissingKeyIds">Store keys the peer no longer holds.</param>
/// <param name="Reason">Why, for the log.</param>
public sealed record ReservationReply(ReservationOutcome Outcome, IReadOnlyList<Guid> MissingKeyIds, string Reason)
{
    public static ReservationReply Unreachable(string reason) => new(ReservationOutcome.Unreachable, [], reason);
}

/// <summary>How a reservation with the peer ended.</summary>
public enum ReservationOutcome
{
    /// <summary>The peer holds the keys for the slave SAE.</summary>
    Reserved,

    /// <summary>The peer lacks some of the store keys; it reserved nothing.</summary>
    KeysMissing,

    /// <summary>No session, or no answer in time: nothing may be handed out.</summary>
    Unreachable,
}
