using System.Security.Cryptography;

namespace NodeAgent.Node.Hosting;

/// <summary>Compares the key stores of the ends by digest, never by content.</summary>
public static class StoreComparison
{
    /// <summary>The closing summary line, and whether the stores are identical.</summary>
    public static (string Line, bool Identical) Summarize(IReadOnlyList<LinkEnd> ends)
    {
        var digests = ends.Select(e => e.Store.ComputeDigest()).ToArray();
        string counts = string.Join(", ", ends.Select(e => $"{e.Name} {e.Store.Count} keys ({e.Statistics.SecretBits} bits)"));
        if (ends.Count < 2)
        {
            return ($"summary: {counts}; digest {Convert.ToHexStringLower(digests[0])[..16]}", true);
        }

        bool identical = digests.Skip(1).All(d => CryptographicOperations.FixedTimeEquals(d, digests[0]));
        string verdict = identical
            ? $"key stores identical (SHA-256 digest {Convert.ToHexStringLower(digests[0])[..16]}...)"
            : "key stores DIFFER";
        return ($"summary: {counts}; {verdict}", identical);
    }
}
