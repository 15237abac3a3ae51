using NodeAgent.Node.KeyManagement;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Tests.Authentication;

/// <summary>The interim durable pad state: a new instance over the same file (a restarted process) continues it.</summary>
public sealed class PersistedAuthenticationKeySourceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "nodeagent-auth-" + Guid.NewGuid().ToString("N") + ".state");

    private PersistedAuthenticationKeySource Open() => new(new InMemoryAuthenticationKeySource(new byte[2 * 8 * 1000]), _path);

    [Fact]
    public void After_a_restart_no_pad_is_reserved_twice_and_no_session_start_accepted_twice()
    {
        using (PersistedAuthenticationKeySource before = Open())
        {
            Assert.Equal(0, before.ReservePads(PadDirection.BobToAlice, 64));
            Assert.Equal(64, before.ReservePads(PadDirection.BobToAlice, 64));
            Assert.True(before.TryAcceptSessionStart(PadDirection.AliceToBob, 0));
            Assert.True(before.TryAcceptSessionStart(PadDirection.AliceToBob, 128));
        }

        using PersistedAuthenticationKeySource after = Open();
        Assert.Equal(1000 - 128, after.PadsAvailable(PadDirection.BobToAlice));
        Assert.Equal(128, after.ReservePads(PadDirection.BobToAlice, 64));
        Assert.Equal(1000, after.PadsAvailable(PadDirection.AliceToBob));
        Assert.False(after.TryAcceptSessionStart(PadDirection.AliceToBob, 0));
        Assert.False(after.TryAcceptSessionStart(PadDirection.AliceToBob, 128));
        Assert.True(after.TryAcceptSessionStart(PadDirection.AliceToBob, 64));
    }

    [Fact]
    public void A_damaged_state_file_is_refused()
    {
        File.WriteAllText(_path, "reserved Sideways 12\n");
        Assert.Throws<InvalidDataException>(() => Open());
    }

    public void Dispose() => File.Delete(_path);
}
