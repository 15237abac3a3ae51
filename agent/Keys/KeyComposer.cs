using System.Security.Cryptography;

namespace NodeAgent.Keys;

/// <summary>
/// Cuts delivered keys of any whole-byte size out of store keys: the store keys, concatenated in the order given, are
/// read as one stream and split into <c>number</c> keys of <c>sizeBits</c>; the unused tail of the last store key is
/// discarded (never reused). Both nodes compose identically from the same store keys.
/// </summary>
public static class KeyComposer
{
    /// <summary>How many store keys of <paramref name="storeKeyBits"/> a request for number × sizeBits consumes.</summary>
    public static int StoreKeysNeeded(int number, int sizeBits, int storeKeyBits) =>
        checked((int)(((long)number * sizeBits + storeKeyBits - 1) / storeKeyBits));

    /// <summary>The delivered keys; zeroes <paramref name="storeKeys"/>.</summary>
    public static byte[][] Compose(IReadOnlyList<byte[]> storeKeys, int number, int sizeBits)
    {
        if (sizeBits <= 0 || sizeBits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeBits), sizeBits, "Key sizes are whole bytes.");
        }

        int total = 0;
        foreach (byte[] key in storeKeys)
        {
            total += key.Length;
        }

        int sizeBytes = sizeBits / 8;
        if ((long)number * sizeBytes > total)
        {
            throw new ArgumentException($"{storeKeys.Count} store keys hold {total} bytes; {number} keys of {sizeBytes} bytes need more.", nameof(storeKeys));
        }

        byte[] stream = new byte[total];
        try
        {
            int offset = 0;
            foreach (byte[] key in storeKeys)
            {
                key.CopyTo(stream, offset);
                offset += key.Length;
                CryptographicOperations.ZeroMemory(key);
            }

            var keys = new byte[number][];
            for (int i = 0; i < number; i++)
            {
                keys[i] = stream.AsSpan(i * sizeBytes, sizeBytes).ToArray();
            }

            return keys;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stream);
        }
    }
}
