namespace NodeAgent.PeerLink.Authentication;

/// <summary>An end has too few unused one-time pads left to authenticate what it must send.</summary>
/// <remarks>Carries counts only, never pad material.</remarks>
public sealed class AuthenticationKeyExhaustedException : Exception
{
    public AuthenticationKeyExhaustedException(PadDirection direction, long requested, long available)
        : base($"Authentication key exhausted: {requested} pads requested for {direction}, {available} left.")
    {
        Direction = direction;
        Requested = requested;
        Available = available;
    }

    /// <summary>The pool that ran dry.</summary>
    public PadDirection Direction { get; }

    /// <summary>Pads asked for.</summary>
    public long Requested { get; }

    /// <summary>Pads left when the request failed.</summary>
    public long Available { get; }
}
