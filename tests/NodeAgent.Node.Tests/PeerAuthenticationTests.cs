using System.Buffers.Binary;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Keys;
using NodeAgent.Node.KeyManagement;
using NodeAgent.Node.Tests.Support;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Tests;

/// <summary>
/// Attacks on the Wegman–Carter authentication of the peer channel: forged, replayed, reordered, dropped, reflected
/// and cross-connection frames, replayed and forged Hellos, and pads that run out or were never held. Each is refused
/// with its own <see cref="PeerFailure"/>, counted once, and never crashes the receiver.
/// </summary>
/// <remarks>
/// Frame bytes: [0, 4) length, [4, 12) sequence, [12, 20) pad field, [20, ^8) payload, [^8, end) tag. A "restart" here
/// is a new connection over the same key source: the durable source restores that state after a process restart.
/// </remarks>
public sealed class PeerAuthenticationTests : IDisposable
{
    private const int SequenceAt = 4;
    private const int PadFieldAt = 12;
    private const int PayloadAt = 20;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private readonly List<IDisposable> _owned = [];

    public enum FramePart
    {
        Payload,
        Tag,
        Sequence,
        PadIndex,
    }

    [Theory]
    [InlineData(FramePart.Payload)]
    [InlineData(FramePart.Tag)]
    [InlineData(FramePart.Sequence)]
    [InlineData(FramePart.PadIndex)]
    public async Task A_frame_altered_anywhere_fails_authentication(FramePart part)
    {
        await using Session s = await OpenAsync(Pads());
        s.BobWire.Holding = true;
        await s.Bob.SendAsync(Commit(1), CancellationToken.None);
        byte[] frame = s.BobWire.Frames.Single();
        int at = part switch
        {
            FramePart.Payload => PayloadAt + 1,
            FramePart.Tag => frame.Length - 1,
            FramePart.Sequence => SequenceAt + 7,
            _ => PadFieldAt + 7,
        };
        frame[at] ^= 0x01;

        await s.Pair.Client.WriteAsync(frame, TestContext.Current.CancellationToken);
        await s.AssertAliceRejectsAsync(PeerFailure.Authentication);
    }

    [Fact]
    public async Task A_replayed_frame_is_rejected_as_a_replay()
    {
        await using Session s = await OpenAsync(Pads());
        s.BobWire.Recording = true;
        await s.Bob.SendAsync(Commit(1), CancellationToken.None);
        Assert.Equal(1UL, (await s.Alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);

        await s.Pair.Client.WriteAsync(s.BobWire.Frames.Single(), TestContext.Current.CancellationToken);
        await s.AssertAliceRejectsAsync(PeerFailure.Replay);
    }

    [Theory]
    [InlineData(new[] { 1, 0 })]
    [InlineData(new[] { 1 })]
    public async Task Reordered_or_dropped_frames_are_rejected_as_out_of_sequence(int[] delivered)
    {
        await using Session s = await OpenAsync(Pads());
        s.BobWire.Holding = true;
        await s.Bob.SendAsync(Commit(1), CancellationToken.None);
        await s.Bob.SendAsync(Commit(2), CancellationToken.None);
        foreach (int i in delivered)
        {
            await s.Pair.Client.WriteAsync(s.BobWire.Frames[i], TestContext.Current.CancellationToken);
        }

        await s.AssertAliceRejectsAsync(PeerFailure.OutOfSequence);
    }

    [Fact]
    public async Task A_frame_reflected_back_to_its_sender_fails_authentication()
    {
        await using Session s = await OpenAsync(Pads());
        s.BobWire.Holding = true;
        await s.Bob.SendAsync(Commit(1), CancellationToken.None);

        // Bob's frame 1 (pad 2 of Bob→Alice) arrives at Bob as if from Alice, where frame 1 with pad 2 would be next.
        await s.Pair.Server.WriteAsync(s.BobWire.Frames.Single(), TestContext.Current.CancellationToken);
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => s.Bob.ReceiveAsync(s_timeout, CancellationToken.None));
        Assert.Equal(PeerFailure.Authentication, failure.Failure);
        Assert.Equal(1, s.BobStatistics.Failures(PeerFailure.Authentication));
    }

    [Fact]
    public async Task A_frame_replayed_into_another_concurrent_connection_is_rejected()
    {
        (InMemoryAuthenticationKeySource alicePads, InMemoryAuthenticationKeySource bobPads) = Pads();
        await using Session first = await OpenAsync((alicePads, bobPads));
        await using Session second = await OpenAsync((alicePads, bobPads));
        first.BobWire.Recording = true;
        second.BobWire.Recording = true;
        await first.Bob.SendAsync(Commit(1), CancellationToken.None);
        await second.Bob.SendAsync(Commit(1), CancellationToken.None);
        await second.Bob.SendAsync(Commit(2), CancellationToken.None);
        await first.Alice.ReceiveAsync(s_timeout, CancellationToken.None);
        await second.Alice.ReceiveAsync(s_timeout, CancellationToken.None);
        await second.Alice.ReceiveAsync(s_timeout, CancellationToken.None);

        // The second connection's frame 2 has the sequence number the first connection expects next and a pad index
        // above the first's last: only the session it is bound to (start s and hash key) differs.
        byte[] foreign = second.BobWire.Frames[1];
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64BigEndian(foreign.AsSpan(SequenceAt)));
        Assert.True(BinaryPrimitives.ReadUInt64BigEndian(foreign.AsSpan(PadFieldAt)) > BinaryPrimitives.ReadUInt64BigEndian(first.BobWire.Frames[0].AsSpan(PadFieldAt)));
        await first.Pair.Client.WriteAsync(foreign, TestContext.Current.CancellationToken);
        await first.AssertAliceRejectsAsync(PeerFailure.Authentication);

        // The other way round the pad index is one the later session has passed already.
        await second.Pair.Client.WriteAsync(first.BobWire.Frames[0], TestContext.Current.CancellationToken);
        await second.AssertAliceRejectsAsync(PeerFailure.Replay);
    }

    [Fact]
    public async Task A_replayed_Hello_is_rejected_after_a_restart()
    {
        (InMemoryAuthenticationKeySource alicePads, InMemoryAuthenticationKeySource bobPads) = Pads();
        byte[] hello;
        await using (Session earlier = await OpenAsync((alicePads, bobPads), recordFromStart: true))
        {
            hello = earlier.BobWire.Frames[0];
        }

        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        var statistics = new PeerLinkStatistics();
        Task<PeerConnection> accept = PeerConnection.AcceptAsync(pair.Server, Settings("bob", alicePads), AliceHello(), statistics, CancellationToken.None);
        await pair.Client.WriteAsync(hello, TestContext.Current.CancellationToken);
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => accept);
        Assert.Equal(PeerFailure.Replay, failure.Failure);
        Assert.Equal(1, statistics.TotalFailures);
    }

    [Fact]
    public async Task Hellos_of_concurrent_connections_may_arrive_out_of_order()
    {
        (InMemoryAuthenticationKeySource alicePads, InMemoryAuthenticationKeySource bobPads) = Pads();
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        var wire = new InterceptingStream(pair.Client) { Holding = true };
        Task<PeerConnection> accept = PeerConnection.AcceptAsync(pair.Server, Settings("bob", alicePads), AliceHello(), new PeerLinkStatistics(), CancellationToken.None);
        Task<PeerConnection> connect = PeerConnection.ConnectAsync(wire, Settings("alice", bobPads), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
        await Poll.UntilAsync(() => wire.Frames.Count == 1, TestContext.Current.CancellationToken, seconds: 5);

        // A second connection, whose session starts after the first's, is accepted before the first's Hello arrives.
        await using (Session later = await OpenAsync((alicePads, bobPads)))
        {
            await later.Bob.SendAsync(Commit(4), CancellationToken.None);
            Assert.Equal(4UL, (await later.Alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);
        }

        wire.Holding = false;
        await pair.Client.WriteAsync(wire.Frames[0], TestContext.Current.CancellationToken);
        await using PeerConnection alice = await accept;
        await using PeerConnection bob = await connect;
        await bob.SendAsync(Commit(5), CancellationToken.None);
        Assert.Equal(5UL, (await alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);
    }

    [Fact]
    public async Task A_replayed_Hello_is_rejected_by_a_restarted_process_with_persisted_state()
    {
        string directory = Directory.CreateTempSubdirectory("nodeagent-auth-").FullName;
        string database = Path.Combine(directory, "keys.db");
        byte[] masterKey = new byte[32];
        (byte[] aliceToBob, byte[] bobToAlice) = PadSources.Material(seed: 8, padsPerDirection: 1024);
        byte[] bootstrap = [.. aliceToBob, .. bobToAlice];
        try
        {
            byte[] hello;
            var bobPads = Own(new InMemoryAuthenticationKeySource(bootstrap));
            using (SqliteKeyStore store = SqliteKeyStore.Open(database, masterKey, TimeProvider.System, NullLogger.Instance))
            using (var alicePads = new StoredAuthenticationKeySource(new InMemoryAuthenticationKeySource(bootstrap), store))
            {
                await using Session earlier = await OpenAsync((alicePads, bobPads), recordFromStart: true);
                hello = earlier.BobWire.Frames[0];
            }

            // Alice's process restarts: a new source over the same store.
            using SqliteKeyStore reopened = SqliteKeyStore.Open(database, masterKey, TimeProvider.System, NullLogger.Instance);
            using var restarted = new StoredAuthenticationKeySource(new InMemoryAuthenticationKeySource(bootstrap), reopened);
            using LoopbackPair pair = await LoopbackPair.CreateAsync();
            var statistics = new PeerLinkStatistics();
            Task<PeerConnection> accept = PeerConnection.AcceptAsync(pair.Server, Settings("bob", restarted), AliceHello(), statistics, CancellationToken.None);
            await pair.Client.WriteAsync(hello, TestContext.Current.CancellationToken);
            var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => accept);
            Assert.Equal(PeerFailure.Replay, failure.Failure);
            Assert.Equal(1, statistics.Failures(PeerFailure.Replay));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_forged_Hello_does_not_use_up_a_session_start()
    {
        (InMemoryAuthenticationKeySource alicePads, InMemoryAuthenticationKeySource bobPads) = Pads();
        using (LoopbackPair pair = await LoopbackPair.CreateAsync())
        {
            var wire = new InterceptingStream(pair.Client) { Holding = true };
            var statistics = new PeerLinkStatistics();
            Task<PeerConnection> accept = PeerConnection.AcceptAsync(pair.Server, Settings("bob", alicePads), AliceHello(), statistics, CancellationToken.None);
            Task<PeerConnection> connect = PeerConnection.ConnectAsync(wire, Settings("alice", bobPads), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
            await Poll.UntilAsync(() => wire.Frames.Count == 1, TestContext.Current.CancellationToken, seconds: 5);

            // Claim a later session start, one Alice holds pads for: if it were recorded, every genuine Hello below it
            // would be refused as a replay.
            byte[] forged = wire.Frames[0];
            BinaryPrimitives.WriteUInt64BigEndian(forged.AsSpan(PadFieldAt), 1000);
            await pair.Client.WriteAsync(forged, TestContext.Current.CancellationToken);
            var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => accept);
            Assert.Equal(PeerFailure.Authentication, failure.Failure);
            Assert.Equal(1, statistics.Failures(PeerFailure.Authentication));
            pair.Dispose();
            await Assert.ThrowsAsync<PeerProtocolException>(() => connect);
        }

        await using Session genuine = await OpenAsync((alicePads, bobPads));
        await genuine.Bob.SendAsync(Commit(3), CancellationToken.None);
        Assert.Equal(3UL, (await genuine.Alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);
    }

    [Fact]
    public async Task A_session_cannot_start_without_two_pads()
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        (InMemoryAuthenticationKeySource _, InMemoryAuthenticationKeySource bobPads) = Pads(padsPerDirection: 1);
        var statistics = new PeerLinkStatistics();
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(
            () => PeerConnection.ConnectAsync(pair.Client, Settings("alice", bobPads), new Hello { Role = "bob" }, statistics, CancellationToken.None));
        Assert.Equal(PeerFailure.KeyExhausted, failure.Failure);
        Assert.Equal(1, statistics.Failures(PeerFailure.KeyExhausted));
        Assert.Equal(1, bobPads.PadsAvailable(PadDirection.BobToAlice));
    }

    [Fact]
    public async Task An_exhausted_pool_refuses_to_send_until_it_grows()
    {
        // Three pads each way: the Hello takes the hash key and one tag pad, one frame the last.
        (InMemoryAuthenticationKeySource alicePads, InMemoryAuthenticationKeySource bobPads) = Pads(padsPerDirection: 3);
        await using Session s = await OpenAsync((alicePads, bobPads));
        await s.Bob.SendAsync(Commit(1), CancellationToken.None);
        Assert.Equal(0, bobPads.PadsAvailable(PadDirection.BobToAlice));
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => s.Bob.SendAsync(Commit(2), CancellationToken.None));
        Assert.Equal(PeerFailure.KeyExhausted, failure.Failure);
        Assert.Equal(1, s.BobStatistics.Failures(PeerFailure.KeyExhausted));

        // Both ends set aside the same new material (as from a distilled key): sending resumes where it stopped.
        (byte[] aliceToBob, byte[] bobToAlice) = PadSources.Material(seed: 77, padsPerDirection: 8);
        alicePads.Append(aliceToBob, bobToAlice);
        bobPads.Append(aliceToBob, bobToAlice);
        await s.Bob.SendAsync(Commit(2), CancellationToken.None);
        Assert.Equal(1UL, (await s.Alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);
        Assert.Equal(2UL, (await s.Alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);
        Assert.Equal(0, s.AliceStatistics.TotalFailures);
    }

    [Fact]
    public async Task Pads_the_receiver_does_not_hold_are_rejected_until_it_holds_them()
    {
        (byte[] aliceToBob, byte[] bobToAlice) = PadSources.Material(seed: 5, padsPerDirection: 256);
        const int Held = 64 * InMemoryAuthenticationKeySource.PadBytes;
        var alicePads = Own(new InMemoryAuthenticationKeySource([.. aliceToBob[..Held], .. bobToAlice[..Held]]));
        var bobPads = Own(new InMemoryAuthenticationKeySource([.. aliceToBob, .. bobToAlice]));
        bobPads.ReservePads(PadDirection.BobToAlice, 64); // Bob's next session starts at pad 64, past what Alice holds.

        using (LoopbackPair pair = await LoopbackPair.CreateAsync())
        {
            var statistics = new PeerLinkStatistics();
            Task<PeerConnection> accept = PeerConnection.AcceptAsync(pair.Server, Settings("bob", alicePads), AliceHello(), statistics, CancellationToken.None);
            Task<PeerConnection> connect = PeerConnection.ConnectAsync(pair.Client, Settings("alice", bobPads), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
            var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => accept);
            Assert.Equal(PeerFailure.PadsNotHeld, failure.Failure);
            Assert.Equal(1, statistics.Failures(PeerFailure.PadsNotHeld));
            pair.Dispose();
            await Assert.ThrowsAsync<PeerProtocolException>(() => connect);
        }

        alicePads.Append(aliceToBob[Held..], bobToAlice[Held..]);
        await using Session s = await OpenAsync((alicePads, bobPads));
        await s.Bob.SendAsync(Commit(9), CancellationToken.None);
        Assert.Equal(9UL, (await s.Alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);
    }

    [Fact]
    public async Task Each_end_spends_pads_of_its_own_direction_in_batches()
    {
        (InMemoryAuthenticationKeySource alicePads, InMemoryAuthenticationKeySource bobPads) = Pads(padsPerDirection: 1000);
        await using Session s = await OpenAsync((alicePads, bobPads));
        for (int i = 0; i < 70; i++)
        {
            await s.Bob.SendAsync(Commit((ulong)i), CancellationToken.None);
            Assert.Equal((ulong)i, (await s.Alice.ReceiveAsync(s_timeout, CancellationToken.None)).CommitRequest.Block);
        }

        // Bob: Hello (2 pads) and 70 frames = 72 pads, two batches of 64. Alice: her Hello, one batch. Nobody spends
        // pads of the other's direction.
        Assert.Equal(1000 - 128, bobPads.PadsAvailable(PadDirection.BobToAlice));
        Assert.Equal(1000, bobPads.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(1000 - 64, alicePads.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(1000, alicePads.PadsAvailable(PadDirection.BobToAlice));
    }

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static PeerSessionSettings Settings(string peerRole, IAuthenticationKeySource pads) => new("link", pads, peerRole, s_timeout);

    private static Hello AliceHello() => new() { Role = "alice" };

    private static Envelope Commit(ulong block) => new() { CommitRequest = new CommitRequest { Block = block } };

    private (InMemoryAuthenticationKeySource Alice, InMemoryAuthenticationKeySource Bob) Pads(int padsPerDirection = 1024)
    {
        (InMemoryAuthenticationKeySource alice, InMemoryAuthenticationKeySource bob) = PadSources.Create(seed: 3, padsPerDirection);
        return (Own(alice), Own(bob));
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static async Task<Session> OpenAsync(
        (IAuthenticationKeySource Alice, IAuthenticationKeySource Bob) pads, bool recordFromStart = false)
    {
        LoopbackPair pair = await LoopbackPair.CreateAsync();
        var wire = new InterceptingStream(pair.Client) { Recording = recordFromStart };
        var aliceStatistics = new PeerLinkStatistics();
        var bobStatistics = new PeerLinkStatistics();
        Task<PeerConnection> alice = PeerConnection.AcceptAsync(pair.Server, Settings("bob", pads.Alice), AliceHello(), aliceStatistics, CancellationToken.None);
        PeerConnection bob = await PeerConnection.ConnectAsync(wire, Settings("alice", pads.Bob), new Hello { Role = "bob" }, bobStatistics, CancellationToken.None);
        return new Session(pair, wire, bob, await alice, bobStatistics, aliceStatistics);
    }

    /// <summary>An established connection, with Bob's outgoing frames passing through <see cref="BobWire"/>.</summary>
    private sealed record Session(
        LoopbackPair Pair, InterceptingStream BobWire, PeerConnection Bob, PeerConnection Alice,
        PeerLinkStatistics BobStatistics, PeerLinkStatistics AliceStatistics) : IAsyncDisposable
    {
        /// <summary>Alice's next receive fails with <paramref name="expected"/>, counted once and alone.</summary>
        public async Task AssertAliceRejectsAsync(PeerFailure expected)
        {
            var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => Alice.ReceiveAsync(s_timeout, CancellationToken.None));
            Assert.Equal(expected, failure.Failure);
            Assert.Equal(1, AliceStatistics.Failures(expected));
            Assert.Equal(1, AliceStatistics.TotalFailures);
        }

        public async ValueTask DisposeAsync()
        {
            await Bob.DisposeAsync();
            await Alice.DisposeAsync();
            Pair.Dispose();
        }
    }
}
