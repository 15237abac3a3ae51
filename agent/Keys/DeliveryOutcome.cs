namespace NodeAgent.Keys;

/// <summary>Why a request for keys by ID was or was not served.</summary>
public enum DeliveryOutcome
{
    /// <summary>Every key was handed over and deleted.</summary>
    Delivered,

    /// <summary>At least one ID is unknown (never reserved here, already delivered, or expired); nothing handed over.</summary>
    NotFound,

    /// <summary>At least one key was issued for another SAE; nothing handed over.</summary>
    NotAuthorized,
}
