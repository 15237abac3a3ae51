using System.Security.Cryptography;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using NodeAgent.Keys;

namespace NodeAgent.Node.Pipeline;

/// <summary>Privacy amplification and cutting into delivered keys: the last step, identical at both ends.</summary>
internal static class KeyFinisher
{
    /// <summary>Bits of the final key per authentication pad set aside in one direction.</summary>
    public const int PadBits = BlockPads.PadBytes * 8;

    /// <summary>
    /// Compresses the reconciled key with the Toeplitz matrix given by <paramref name="seedBytes"/> to
    /// <paramref name="outputBits"/> bits and cuts it: the first <paramref name="authenticationPads"/> pads for Alice's
    /// frames, as many for Bob's, then keys of <paramref name="keyBits"/> with the given IDs.
    /// </summary>
    public static FinishedBlock Finish(
        BitVector reconciled, ReadOnlySpan<byte> seedBytes, int outputBits, int keyBits, IReadOnlyList<Guid> ids, int authenticationPads, ulong block)
    {
        int seedBits = ToeplitzHash.SeedBits(reconciled.Length, outputBits);
        long padBits = 2L * authenticationPads * PadBits;
        if (authenticationPads < 0 || padBits > outputBits || (outputBits - padBits) % keyBits != 0
            || (outputBits - padBits) / keyBits != ids.Count || seedBytes.Length != (seedBits + 7) / 8)
        {
            throw WireFormat.Malformed("privacy amplification parameters do not fit the block");
        }

        using BitVector seed = BitVector.FromBytes(seedBytes, seedBits);
        ulong[] output = new ulong[BitVector.WordCount(outputBits)];
        byte[] outputBytes = new byte[output.Length * 8];
        try
        {
            ToeplitzHash.Compute(reconciled.Words, reconciled.Length, seed.Words, output, outputBits);
            using BitVector final = BitVector.FromWords(output, outputBits);
            final.CopyTo(outputBytes);
            int padBytes = authenticationPads * BlockPads.PadBytes;
            var pads = new BlockPads(outputBytes.AsSpan(0, padBytes).ToArray(), outputBytes.AsSpan(padBytes, padBytes).ToArray());
            int keyBytes = keyBits / 8;
            var keys = new List<StoredKey>(ids.Count);
            for (int i = 0; i < ids.Count; i++)
            {
                keys.Add(new StoredKey(ids[i], block, outputBytes.AsSpan((2 * padBytes) + (i * keyBytes), keyBytes).ToArray()));
            }

            return new FinishedBlock(keys, pads);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(output.AsSpan()));
            CryptographicOperations.ZeroMemory(outputBytes);
        }
    }
}

/// <summary>A block's final key: the keys for the store and the pads set aside for authentication.</summary>
internal sealed record FinishedBlock(List<StoredKey> Keys, BlockPads Pads)
{
    /// <summary>Zeroes everything (a block that will not be stored).</summary>
    public void Discard()
    {
        foreach (StoredKey key in Keys)
        {
            CryptographicOperations.ZeroMemory(key.Material);
        }

        Pads.Zero();
    }
}
