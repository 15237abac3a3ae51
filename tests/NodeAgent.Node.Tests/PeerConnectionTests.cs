using System.Buffers.Binary;
using NodeAgent.Node.Tests.Support;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Tests;

/// <summary>The framing of the peer channel against damaged input; attacks on its authentication are in <see cref="PeerAuthenticationTests"/>.</summary>
public class PeerConnectionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private static readonly (InMemoryAuthenticationKeySource Alice, InMemoryAuthenticationKeySource Bob) s_pads = PadSources.Create(seed: 1);

    private static PeerSessionSettings Settings(string peerRole, IAuthenticationKeySource? pads = null, string link = "link") =>
        new(link, pads ?? (peerRole == "bob" ? s_pads.Alice : s_pads.Bob), peerRole, s_timeout);

    private static async Task<(PeerConnection Bob, PeerConnection Alice)> ConnectAsync(LoopbackPair pair)
    {
        Task<PeerConnection> alice = PeerConnection.AcceptAsync(pair.Server, Settings("bob"), new Hello { Role = "alice", LastCommittedBlock = 7 }, new PeerLinkStatistics(), CancellationToken.None);
        PeerConnection bob = await PeerConnection.ConnectAsync(pair.Client, Settings("alice"), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
        return (bob, await alice);
    }

    [Fact]
    public async Task Handshake_exchanges_hellos_and_messages_flow_both_ways()
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        (PeerConnection bob, PeerConnection alice) = await ConnectAsync(pair);
        await using PeerConnection b = bob;
        await using PeerConnection a = alice;
        Assert.Equal(7UL, bob.PeerHello.LastCommittedBlock);
        Assert.Equal("bob", alice.PeerHello.Role);

        await bob.SendAsync(new Envelope { CommitRequest = new CommitRequest { Block = 42 } }, CancellationToken.None);
        Envelope received = await alice.ReceiveAsync(s_timeout, CancellationToken.None);
        Assert.Equal(42UL, received.CommitRequest.Block);
        await alice.SendAsync(new Envelope { CommitResponse = new CommitResponse { Block = 42 } }, CancellationToken.None);
        Assert.Equal(42UL, (await bob.ReceiveAsync(s_timeout, CancellationToken.None)).CommitResponse.Block);
    }

    [Fact]
    public async Task Different_key_material_fails_authentication_at_the_first_frame()
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        using InMemoryAuthenticationKeySource otherPads = PadSources.Create(seed: 2).Bob;
        var aliceStats = new PeerLinkStatistics();
        Task<PeerConnection> alice = PeerConnection.AcceptAsync(pair.Server, Settings("bob"), new Hello { Role = "alice" }, aliceStats, CancellationToken.None);
        Task<PeerConnection> bob = PeerConnection.ConnectAsync(pair.Client, Settings("alice", otherPads), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => alice);
        Assert.Equal(PeerFailure.Authentication, failure.Failure);
        Assert.Equal(1, aliceStats.Failures(PeerFailure.Authentication));
        await Assert.ThrowsAsync<PeerProtocolException>(() => bob);
    }

    [Fact]
    public async Task A_peer_of_another_link_is_refused_as_incompatible()
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        Task<PeerConnection> alice = PeerConnection.AcceptAsync(pair.Server, Settings("bob"), new Hello { Role = "alice" }, new PeerLinkStatistics(), CancellationToken.None);
        Task<PeerConnection> bob = PeerConnection.ConnectAsync(pair.Client, Settings("alice", link: "other"), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => alice);
        Assert.Equal(PeerFailure.Incompatible, failure.Failure);
        Assert.Contains("other", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PeerProtocolException>(() => bob);
    }

    [Theory]
    [InlineData(0u, PeerFailure.Oversized)]
    [InlineData(uint.MaxValue, PeerFailure.Oversized)]
    [InlineData(100u, PeerFailure.Closed)]
    public async Task A_bad_length_prefix_or_a_truncated_frame_fails_cleanly(uint announced, PeerFailure expected)
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        byte[] header = new byte[4 + 10];
        BinaryPrimitives.WriteUInt32BigEndian(header, announced);
        await pair.Client.WriteAsync(header, TestContext.Current.CancellationToken);
        pair.Client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(
            () => PeerConnection.AcceptAsync(pair.Server, Settings("bob"), new Hello { Role = "alice" }, new PeerLinkStatistics(), CancellationToken.None));
        Assert.Equal(expected, failure.Failure);
    }

    [Fact]
    public async Task Random_garbage_never_crashes_the_receiver()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 50; trial++)
        {
            using LoopbackPair pair = await LoopbackPair.CreateAsync();
            byte[] garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            if (garbage.Length >= 4 && trial % 2 == 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(garbage, (uint)(garbage.Length - 4));
            }

            await pair.Client.WriteAsync(garbage, TestContext.Current.CancellationToken);
            pair.Client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            var failure = await Assert.ThrowsAsync<PeerProtocolException>(
                () => PeerConnection.AcceptAsync(pair.Server, Settings("bob"), new Hello { Role = "alice" }, new PeerLinkStatistics(), CancellationToken.None));
            Assert.Contains(failure.Failure, new[] { PeerFailure.Oversized, PeerFailure.Closed, PeerFailure.Authentication, PeerFailure.PadsNotHeld });
        }
    }

    [Fact]
    public async Task A_silent_peer_times_out()
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        (PeerConnection bob, PeerConnection alice) = await ConnectAsync(pair);
        await using PeerConnection b = bob;
        await using PeerConnection a = alice;
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => alice.ReceiveAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.Equal(PeerFailure.Timeout, failure.Failure);
    }
}
