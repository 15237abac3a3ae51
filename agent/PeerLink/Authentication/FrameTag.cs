using System.Buffers.Binary;
using NodeAgent.Distillation.Verification;

namespace NodeAgent.PeerLink.Authentication;

/// <summary>
/// The Wegman–Carter tag of one frame: an ε-almost-XOR-universal polynomial hash over GF(2^64) (<see cref="Gf64"/>)
/// keyed by the session's hash key, XORed with a fresh one-time pad (Wegman &amp; Carter, "New hash functions and their
/// use in authentication and set equality", JCSS 22, 265 (1981), §4; the polynomial family of den Boer 1993 and
/// Bierbrauer et al. 1994, here in the GHASH arrangement, which has no constant term).
/// </summary>
/// <remarks>
/// The hashed words w_1..w_n are
/// <code>
///  w_1 = session start s      w_2 = direction (0 Alice→Bob, 1 Bob→Alice)      w_3 = sequence      w_4 = pad index i
///  w_5 .. w_(n−1) = payload, 8 bytes per word little-endian, the last word zero-padded
///  w_n = payload length in bytes
/// </code>
/// and H_k(w) = w_1·k^n + w_2·k^(n−1) + … + w_n·k (Horner: h ← (h ⊕ w_j)·k), tag = H_k(w) ⊕ pad_i.
/// The encoding is injective (the length word fixes the word count and the padding), and for two different encodings
/// w ≠ w' and any c, H_k(w) ⊕ H_k(w') ⊕ c is a non-zero polynomial in k of degree ≤ max(n, n') (the coefficients of
/// k^1.. differ somewhere), so Pr_k[H_k(w) ⊕ H_k(w') = c] ≤ max(n, n')/2^64: the hash is ε-AXU with ε = n/2^64.
/// With the hash key k and every pad uniform and used once, a forged or altered frame therefore passes with
/// probability at most ε = (⌈p/8⌉ + 5)/2^64 per attempt (p payload bytes), whatever the attacker saw before; at the
/// frame limit (<see cref="PeerConnection.MaxFrameBytes"/> = 16 MiB, ⌈p/8⌉ ≤ 2^21) that is ε ≤ 2^-42.99.
/// Stateless and thread-safe; runs in time independent of the key and pad.
/// </remarks>
public static class FrameTag
{
    /// <summary>Length of a tag in bytes.</summary>
    public const int TagBytes = 8;

    /// <summary>Words hashed before the payload: session start, direction, sequence, pad index.</summary>
    public const int HeaderWords = 4;

    /// <summary>n: the words hashed for a payload of <paramref name="payloadBytes"/> bytes.</summary>
    public static long HashedWords(long payloadBytes) => HeaderWords + ((payloadBytes + 7) / 8) + 1;

    /// <summary>ε = n/2^64: the probability that one forged frame of this payload size passes.</summary>
    public static double ForgeryBound(long payloadBytes) => HashedWords(payloadBytes) / 18446744073709551616.0;

    /// <summary>The tag H_k(frame) ⊕ pad of one frame.</summary>
    public static ulong Compute(
        ulong hashKey, ulong pad, ulong sessionStart, PadDirection direction, ulong sequence, ulong padIndex, ReadOnlySpan<byte> payload) =>
        Hash(hashKey, sessionStart, direction, sequence, padIndex, payload) ^ pad;

    /// <summary>H_k of one frame, before the pad is added.</summary>
    public static ulong Hash(
        ulong hashKey, ulong sessionStart, PadDirection direction, ulong sequence, ulong padIndex, ReadOnlySpan<byte> payload)
    {
        ulong h = Gf64.Multiply(sessionStart, hashKey);
        h = Gf64.Multiply(h ^ (ulong)direction, hashKey);
        h = Gf64.Multiply(h ^ sequence, hashKey);
        h = Gf64.Multiply(h ^ padIndex, hashKey);
        int whole = payload.Length & ~7;
        for (int j = 0; j < whole; j += 8)
        {
            h = Gf64.Multiply(h ^ BinaryPrimitives.ReadUInt64LittleEndian(payload[j..]), hashKey);
        }

        if (whole < payload.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            payload[whole..].CopyTo(tail);
            h = Gf64.Multiply(h ^ BinaryPrimitives.ReadUInt64LittleEndian(tail), hashKey);
        }

        return Gf64.Multiply(h ^ (ulong)payload.Length, hashKey);
    }
}
