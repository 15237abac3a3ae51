using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Tests.Support;

/// <summary>Authentication pads for tests: both ends' sources over the same seeded random material.</summary>
public static class PadSources
{
    /// <summary>The Alice→Bob and Bob→Alice pools, <paramref name="padsPerDirection"/> pads each.</summary>
    public static (byte[] AliceToBob, byte[] BobToAlice) Material(int seed, int padsPerDirection)
    {
        var random = new Random(seed);
        byte[] aliceToBob = new byte[padsPerDirection * InMemoryAuthenticationKeySource.PadBytes];
        byte[] bobToAlice = new byte[aliceToBob.Length];
        random.NextBytes(aliceToBob);
        random.NextBytes(bobToAlice);
        return (aliceToBob, bobToAlice);
    }

    /// <summary>Alice's and Bob's sources, each holding the same material (the caller disposes them).</summary>
    public static (InMemoryAuthenticationKeySource Alice, InMemoryAuthenticationKeySource Bob) Create(int seed, int padsPerDirection = 16_384)
    {
        (byte[] aliceToBob, byte[] bobToAlice) = Material(seed, padsPerDirection);
        byte[] bootstrap = [.. aliceToBob, .. bobToAlice];
        return (new InMemoryAuthenticationKeySource(bootstrap), new InMemoryAuthenticationKeySource(bootstrap));
    }
}
