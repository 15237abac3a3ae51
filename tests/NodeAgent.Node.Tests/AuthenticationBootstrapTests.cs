using NodeAgent.Node.Configuration;
using NodeAgent.Node.KeyManagement;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Tests;

/// <summary>Where the first authentication pads come from: a file of shared secret bytes, or the expanded PSK.</summary>
public sealed class AuthenticationBootstrapTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Fact]
    public void Both_ends_expand_the_same_key_to_the_same_pads_and_other_links_to_others()
    {
        var alice = new NodeOptions { Role = NodeRole.Alice };
        var bob = new NodeOptions { Role = NodeRole.Bob };
        using InMemoryAuthenticationKeySource a = AuthenticationBootstrap.Create(alice);
        using InMemoryAuthenticationKeySource b = AuthenticationBootstrap.Create(bob);
        Assert.Equal(AuthenticationBootstrap.DemonstrationBytesPerDirection / 8, a.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(Pads(a, PadDirection.BobToAlice, 131_071), Pads(b, PadDirection.BobToAlice, 131_071));
        Assert.Equal(Pads(a, PadDirection.AliceToBob, 0), Pads(b, PadDirection.AliceToBob, 0));
        Assert.NotEqual(Pads(a, PadDirection.AliceToBob, 0), Pads(a, PadDirection.BobToAlice, 0));

        byte[] key = Convert.FromHexString(NodeOptions.DemonstrationKey);
        byte[] here = AuthenticationBootstrap.ExpandPreSharedKey(key, "link-a", 64);
        Assert.NotEqual(here, AuthenticationBootstrap.ExpandPreSharedKey(key, "link-b", 64));
        Assert.Equal(here, AuthenticationBootstrap.ExpandPreSharedKey(key, "link-a", 64));
    }

    [Fact]
    public void A_bootstrap_file_is_used_as_is_and_the_key_ignored()
    {
        byte[] secret = new byte[2 * 1024];
        new Random(4).NextBytes(secret);
        File.WriteAllBytes(_file, secret);
        using InMemoryAuthenticationKeySource source = AuthenticationBootstrap.Create(new NodeOptions { AuthenticationBootstrapFile = _file });
        Assert.Equal(128, source.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(secret[..8], Pads(source, PadDirection.AliceToBob, 0));
        Assert.Equal(secret[1024..1032], Pads(source, PadDirection.BobToAlice, 0));
    }

    [Theory]
    [InlineData(1040, true)]
    [InlineData(1024, true)]
    [InlineData(1016, false)]
    [InlineData(2056, false)]
    [InlineData(-1, false)]
    public void The_validator_checks_the_bootstrap_file(int bytes, bool valid)
    {
        if (bytes >= 0)
        {
            File.WriteAllBytes(_file, new byte[bytes]);
        }
        else
        {
            File.Delete(_file);
        }

        var result = new NodeOptionsValidator().Validate(null, new NodeOptions { AuthenticationBootstrapFile = _file });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Node:AuthenticationBootstrapFile", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    public void Dispose() => File.Delete(_file);

    private static byte[] Pads(InMemoryAuthenticationKeySource source, PadDirection direction, long index)
    {
        byte[] pad = new byte[8];
        Assert.True(source.TryReadPads(direction, index, 1, pad));
        return pad;
    }
}
