using System.Security.Cryptography;

namespace NodeAgent.Keys;

/// <summary>
/// Seals key bytes at rest with AES-256-GCM under the master key. The record's ID is the associated data, so a sealed
/// value moved to another row (or another store) does not open.
/// </summary>
internal sealed class KeySealer : IDisposable
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly AesGcm _aes;

    public KeySealer(ReadOnlySpan<byte> masterKey)
    {
        _aes = new AesGcm(masterKey, TagBytes);
    }

    /// <summary>nonce ‖ ciphertext ‖ tag.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        byte[] sealedValue = new byte[NonceBytes + plaintext.Length + TagBytes];
        Span<byte> nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(NonceBytes, plaintext.Length), sealedValue.AsSpan(NonceBytes + plaintext.Length), associatedData);
        return sealedValue;
    }

    /// <summary>Opens a sealed value; the caller zeroes the result.</summary>
    /// <exception cref="KeyStoreCorruptException">Tampered, truncated, or sealed under another master key.</exception>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData)
    {
        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new KeyStoreCorruptException("A sealed key record is truncated.");
        }

        byte[] plaintext = new byte[sealedValue.Length - NonceBytes - TagBytes];
        try
        {
            _aes.Decrypt(sealedValue[..NonceBytes], sealedValue[NonceBytes..^TagBytes], sealedValue[^TagBytes..], plaintext, associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeyStoreCorruptException("A sealed key record does not open under this node's master key (tampered, or the wrong master key).", ex);
        }
    }

    public void Dispose() => _aes.Dispose();
}
