using System.Security.Cryptography;

namespace NodeAgent.Keys;

/// <summary>
/// The part of a block's distilled key set aside to authenticate the classical channel: one-time pads for the frames
/// Alice sends and for those Bob sends. Both ends cut the same bytes from the same block, so their pools grow alike.
/// </summary>
/// <param name="AliceToBob">Whole 8-byte pads for Alice's frames. Owned by the holder, zeroed by the store.</param>
/// <param name="BobToAlice">Whole 8-byte pads for Bob's frames.</param>
public sealed record BlockPads(byte[] AliceToBob, byte[] BobToAlice)
{
    /// <summary>Bytes in one pad.</summary>
    public const int PadBytes = 8;

    /// <summary>A block that sets nothing aside.</summary>
    public static BlockPads None => new([], []);

    /// <summary>The pads of one direction: 0 Alice→Bob, 1 Bob→Alice.</summary>
    public byte[] Of(int direction) => direction switch
    {
        0 => AliceToBob,
        1 => BobToAlice,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Pad directions are 0 (Alice→Bob) and 1 (Bob→Alice)."),
    };

    /// <summary>Zeroes both directions' bytes.</summary>
    public void Zero()
    {
        CryptographicOperations.ZeroMemory(AliceToBob);
        CryptographicOperations.ZeroMemory(BobToAlice);
    }
}
