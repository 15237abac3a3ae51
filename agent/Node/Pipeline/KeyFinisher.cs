using System.Security.Cryptography;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using NodeAgent.Keys;

namespace NodeAgent.Node.Pipeline;

/// <summary>Privacy amplification and cutting into delivered keys: the last step, identical at both ends.</summary>
internal static class KeyFinisher
{
    /// <summary>
    /// Compresses the reconciled key with the Toeplitz matrix given by <paramref name="seedBytes"/> to
    /// <paramref name="outputBits"/> bits and cuts it into keys of <paramref name="keyBits"/> with the given IDs.
    /// </summary>
    public static List<StoredKey> Finish(BitVector reconciled, ReadOnlySpan<byte> seedBytes, int outputBits, int keyBits, IReadOnlyList<Guid> ids, ulong block)
    {
        int seedBits = ToeplitzHash.SeedBits(reconciled.Length, outputBits);
        if (outputBits % keyBits != 0 || outputBits / keyBits != ids.Count || seedBytes.Length != (seedBits + 7) / 8)
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
            int keyBytes = keyBits / 8;
            var keys = new List<StoredKey>(ids.Count);
            for (int i = 0; i < ids.Count; i++)
            {
                keys.Add(new StoredKey(ids[i], block, outputBytes.AsSpan(i * keyBytes, keyBytes).ToArray()));
            }

            return keys;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(output.AsSpan()));
            CryptographicOperations.ZeroMemory(outputBytes);
        }
    }

    /// <summary>Zeroes the key bytes of keys that will not be stored.</summary>
    public static void Discard(IReadOnlyList<StoredKey>? keys)
    {
        if (keys is null)
        {
            return;
        }

        foreach (StoredKey key in keys)
        {
            CryptographicOperations.ZeroMemory(key.Material);
        }
    }
}
