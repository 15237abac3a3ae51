using System.Net.Sockets;
using Google.Protobuf;
using NodeAgent.Keys;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.KeyDelivery.Tests;

/// <summary>The peer node's key-management requests, as Alice's node receives them.</summary>
public sealed class KeyChannelTests
{
    [Fact]
    public async Task A_reservation_of_keys_the_peer_may_not_hand_out_ends_the_session_is_counted_and_consumes_nothing()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 1, keysPerBlock: 40);
        CancellationToken ct = TestContext.Current.CancellationToken;
        string digest = Convert.ToHexString(nodes.AliceStore.ComputeDigest());
        long malformed = nodes.AliceChannel.Statistics.Failures(PeerFailure.Malformed);

        // An authenticated Bob asks Alice's node to reserve keys of Alice's own lane (lane 0): only Alice's node may
        // hand those to masters, so the request is a protocol violation, whatever its authenticity.
        Guid aliceKey = nodes.AliceStore.IdsInBlocks([1]).First(id => SqliteKeyStore.LaneOf(id) == 0);
        System.Net.IPEndPoint alice = await nodes.AliceChannel.Listening;
        using var client = new TcpClient();
        await client.ConnectAsync(alice, ct);
        var settings = new PeerSessionSettings("sim-link-1", nodes.BobPads, "alice", TimeSpan.FromSeconds(5));
        await using PeerConnection connection = await PeerConnection.ConnectAsync(
            client.GetStream(), settings, new Hello { Role = "bob", Channel = Channel.KeysFromBob }, new PeerLinkStatistics(), ct);
        var request = new ReserveKeysRequest { SizeBits = 256, MasterSae = "sae-b", SlaveSae = "sae-a" };
        request.StoreKeyIds.Add(ByteString.CopyFrom(aliceKey.ToByteArray(bigEndian: true)));
        request.DeliveryKeyIds.Add(ByteString.CopyFrom(Guid.NewGuid().ToByteArray(bigEndian: true)));

        await connection.SendAsync(new Envelope { ReserveKeysRequest = request }, ct);
        var closed = await Assert.ThrowsAsync<PeerProtocolException>(() => connection.ReceiveAsync(TimeSpan.FromSeconds(10), ct));

        Assert.Equal(PeerFailure.Closed, closed.Failure);
        Assert.Equal(malformed + 1, nodes.AliceChannel.Statistics.Failures(PeerFailure.Malformed));
        Assert.Equal(digest, Convert.ToHexString(nodes.AliceStore.ComputeDigest()));
        Assert.Equal(0, nodes.AliceStore.ReservedCount());
    }
}
