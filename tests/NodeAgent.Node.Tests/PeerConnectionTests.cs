using System.Buffers.Binary;
using NodeAgent.Node.Tests.Support;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Tests;

/// <summary>The authenticated framing of the peer channel against damaged and hostile input.</summary>
public class PeerConnectionTests
{
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private static PeerSessionSettings Settings(string peerRole, byte[]? key = null, string link = "link") =>
        new(link, key ?? s_key, peerRole, s_timeout);

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
    public async Task A_wrong_pre_shared_key_fails_authentication_at_the_first_frame()
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        var aliceStats = new PeerLinkStatistics();
        Task<PeerConnection> alice = PeerConnection.AcceptAsync(pair.Server, Settings("bob"), new Hello { Role = "alice" }, aliceStats, CancellationToken.None);
        Task<PeerConnection> bob = PeerConnection.ConnectAsync(pair.Client, Settings("alice", new byte[32]), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
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
            Assert.Contains(failure.Failure, new[] { PeerFailure.Oversized, PeerFailure.Closed, PeerFailure.Authentication });
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

    [Fact]
    public async Task A_replayed_frame_is_rejected_as_out_of_sequence()
    {
        using LoopbackPair pair = await LoopbackPair.CreateAsync();
        var recorder = new RecordingStream(pair.Client);
        Task<PeerConnection> aliceTask = PeerConnection.AcceptAsync(pair.Server, Settings("bob"), new Hello { Role = "alice" }, new PeerLinkStatistics(), CancellationToken.None);
        await using PeerConnection bob = await PeerConnection.ConnectAsync(recorder, Settings("alice"), new Hello { Role = "bob" }, new PeerLinkStatistics(), CancellationToken.None);
        await using PeerConnection alice = await aliceTask;

        recorder.Recording = true;
        await bob.SendAsync(new Envelope { CommitRequest = new CommitRequest { Block = 1 } }, CancellationToken.None);
        await alice.ReceiveAsync(s_timeout, CancellationToken.None);
        await pair.Client.WriteAsync(recorder.Recorded.ToArray(), TestContext.Current.CancellationToken);
        var failure = await Assert.ThrowsAsync<PeerProtocolException>(() => alice.ReceiveAsync(s_timeout, CancellationToken.None));
        Assert.Equal(PeerFailure.OutOfSequence, failure.Failure);
    }

    /// <summary>Passes writes through and keeps a copy of them while <see cref="Recording"/>.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        public bool Recording { get; set; }

        public MemoryStream Recorded { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Recording)
            {
                Recorded.Write(buffer.Span);
            }

            await inner.WriteAsync(buffer, cancellationToken);
        }
    }
}
