using System.Security.Cryptography;

namespace NodeAgent.Keys;

/// <summary>
/// The node master key that seals every stored key: 32 random bytes in a file only the agent's user may read
/// (mode 0600), created on first start.
/// </summary>
public static class MasterKeyFile
{
    /// <summary>Length of the master key in bytes (AES-256).</summary>
    public const int KeyBytes = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads the master key at <paramref name="path"/>, creating it (and its directory) if absent.</summary>
    /// <exception cref="InvalidOperationException">The file has the wrong length or is readable by others.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        if (!File.Exists(path))
        {
            byte[] fresh = RandomNumberGenerator.GetBytes(KeyBytes);
            try
            {
                // CreateNew with the mode set at creation: the key is never on disk with wider permissions.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = OwnerOnly;
                }

                using var stream = new FileStream(path, options);
                stream.Write(fresh);
                stream.Flush(flushToDisk: true);
                return fresh;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
                CryptographicOperations.ZeroMemory(fresh);
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            throw new InvalidOperationException($"Master key file {path} is accessible to other users; it must have mode 0600.");
        }

        byte[] key = File.ReadAllBytes(path);
        if (key.Length != KeyBytes)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new InvalidOperationException($"Master key file {path} holds {key.Length} bytes, expected {KeyBytes}.");
        }

        return key;
    }
}
