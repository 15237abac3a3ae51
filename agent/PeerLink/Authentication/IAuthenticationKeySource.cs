namespace NodeAgent.PeerLink.Authentication;

/// <summary>
/// Shared one-time-pad material for authentication tags, identical at both ends, consumed in 8-byte pads indexed from 0
/// per direction. Pools grow when distilled key is set aside for authentication.
/// </summary>
/// <remarks>
/// Pad j of a direction is bytes [8j, 8j + 8) of that direction's pool; <see cref="FrameTag"/>
/// reads it as a little-endian 64-bit word. Implementations are thread-safe: several connections may use one source.
/// </remarks>
public interface IAuthenticationKeySource
{
    /// <summary>
    /// Reserves <paramref name="count"/> consecutive never-used pads for SENDING in <paramref name="direction"/>; returns
    /// the first index. Never returns an index twice, even across process restarts (implementations persist before
    /// returning), and each call returns a larger index than every earlier call for that direction (receivers require
    /// pad indices to increase within a connection).
    /// </summary>
    /// <exception cref="AuthenticationKeyExhaustedException">Fewer than <paramref name="count"/> unused pads are held.</exception>
    long ReservePads(PadDirection direction, int count);

    /// <summary>
    /// Copies the pads [<paramref name="firstIndex"/>, <paramref name="firstIndex"/> + <paramref name="count"/>) into
    /// <paramref name="destination"/> (8·count bytes); false if not held (yet).
    /// </summary>
    bool TryReadPads(PadDirection direction, long firstIndex, int count, Span<byte> destination);

    /// <summary>
    /// How far below the highest accepted session start another may still be accepted (in pads): Hellos of concurrent
    /// connections (distillation, key management) may arrive in another order than their starts were reserved.
    /// </summary>
    const long SessionStartWindow = 4096;

    /// <summary>
    /// Durably records that a session starting at pad <paramref name="index"/> was accepted from the peer in
    /// <paramref name="direction"/>; false (and nothing recorded) if that index was accepted before, or lies
    /// <see cref="SessionStartWindow"/> or more below the highest one accepted (too old to tell): a replayed session
    /// start. Implementations keep the highest accepted start H and the accepted starts in (H − window, H].
    /// </summary>
    bool TryAcceptSessionStart(PadDirection direction, long index);

    /// <summary>Unused pads left for sending in <paramref name="direction"/> (for telemetry and alarms).</summary>
    long PadsAvailable(PadDirection direction);
}
