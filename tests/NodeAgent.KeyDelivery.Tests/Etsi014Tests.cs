using System.Net;
using System.Security.Cryptography;

namespace NodeAgent.KeyDelivery.Tests;

/// <summary>The API as an SAE sees it, through a client written from the standard.</summary>
public sealed class Etsi014Tests
{
    [Theory]
    [InlineData(true, 256, 1)]
    [InlineData(true, 64, 5)]
    [InlineData(true, 8192, 2)]
    [InlineData(false, 264, 3)]
    public async Task A_master_gets_keys_at_one_end_and_the_slave_the_same_keys_by_ID_at_the_other(bool masterAtAlice, int size, int number)
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync();
        (string master, string slave) = masterAtAlice ? ("sae-a", "sae-b") : ("sae-b", "sae-a");
        using Etsi014Client masterClient = nodes.Client(master, masterAtAlice);
        using Etsi014Client slaveClient = nodes.Client(slave, !masterAtAlice);

        Etsi014Client.Answer issued = await masterClient.GetKeyAsync(slave, number, size);
        Assert.Equal(HttpStatusCode.OK, issued.Status);
        var keys = issued.Keys();
        Assert.Equal(number, keys.Count);
        Assert.All(keys, k => Assert.Equal(size / 8, k.Key.Length));
        Assert.All(keys, k => Assert.True(Guid.TryParse(k.Id, out _)));

        Etsi014Client.Answer fetched = await slaveClient.PostKeyWithIdsAsync(master, keys.Select(k => k.Id));
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(keys.Select(k => (k.Id, Convert.ToHexString(k.Key))), fetched.Keys().Select(k => (k.Id, Convert.ToHexString(k.Key))));
    }

    [Fact]
    public async Task Status_reports_the_standard_fields_and_POST_enc_keys_and_GET_dec_keys_work_over_HTTP2()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 2, keysPerBlock: 100);
        using Etsi014Client alice = nodes.Client("sae-a", atAlice: true, HttpVersion.Version20);
        using Etsi014Client bob = nodes.Client("sae-b", atAlice: false, HttpVersion.Version20);

        Etsi014Client.Answer status = await alice.StatusAsync("sae-b");
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(new Version(2, 0), status.Version);
        Assert.Equal("kme-alice", status.Body!["source_KME_ID"]!.GetValue<string>());
        Assert.Equal("kme-bob", status.Body["target_KME_ID"]!.GetValue<string>());
        Assert.Equal("sae-a", status.Body["master_SAE_ID"]!.GetValue<string>());
        Assert.Equal("sae-b", status.Body["slave_SAE_ID"]!.GetValue<string>());
        Assert.Equal(nodes.AliceStore.AvailableInLane(0), status.Body["stored_key_count"]!.GetValue<int>());
        foreach (string field in new[] { "key_size", "max_key_count", "max_key_per_request", "max_key_size", "min_key_size", "max_SAE_ID_count" })
        {
            Assert.NotNull(status.Body[field]);
        }

        // Unknown fields are ignored; extension_optional may be anything.
        Etsi014Client.Answer issued = await alice.PostKeyAsync("sae-b", """{"number": 2, "size": 128, "vendor_field": {"x": 1}, "extension_optional": [{"abc": 1}]}""");
        Assert.Equal(HttpStatusCode.OK, issued.Status);
        foreach ((string id, byte[] key) in issued.Keys())
        {
            Etsi014Client.Answer fetched = await bob.GetKeyWithIdAsync("sae-a", id);
            Assert.Equal(HttpStatusCode.OK, fetched.Status);
            Assert.Equal(key, fetched.Keys().Single().Key);
        }
    }

    [Fact]
    public async Task A_key_is_served_once_only_to_its_slave_and_every_error_path_answers_as_the_standard_says()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 2, keysPerBlock: 100);
        using Etsi014Client a = nodes.Client("sae-a", atAlice: true);
        using Etsi014Client c = nodes.Client("sae-c", atAlice: true);
        using Etsi014Client b = nodes.Client("sae-b", atAlice: false);
        using Etsi014Client d = nodes.Client("sae-d", atAlice: false);
        int aliceBefore = nodes.AliceStore.Count;

        // 400: malformed requests consume nothing.
        foreach (string body in new[] { """{"number": 1, "size": 12}""", """{"number": 0}""", """{"number": 1000}""", """{"size": 16384}""", """{"size": 0}""",
                     """{"number": 1, "additional_slave_SAE_IDs": ["sae-d"]}""", """{"number": 1, "extension_mandatory": [{"abc_route_type": "direct"}]}""",
                     """{"number": 1,""", "[1, 2]", """{"number": "one"}""", "" })
        {
            Etsi014Client.Answer bad = await a.PostKeyAsync("sae-b", body);
            Assert.True(bad.Status == HttpStatusCode.BadRequest, $"{body} -> {bad.Status}");
            Assert.False(string.IsNullOrEmpty(bad.Message));
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await a.SendAsync(HttpMethod.Get, "api/v1/keys/sae-b/enc_keys?number=x", null)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.PostKeyAsync("sae-b", "{\"number\": 1, \"pad\": \"" + new string('x', 100_000) + "\"}")).Status);

        // 401: a slave this master may not address, an SAE not registered at this KME.
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetKeyAsync("sae-d")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nodes.Client("sae-d", atAlice: true).StatusAsync("sae-a")).Status);
        Assert.Equal(aliceBefore, nodes.AliceStore.Count);

        // A key issued for sae-b: sae-d (same KME, other SAE) gets 401 and the key stays for sae-b.
        string id = (await a.GetKeyAsync("sae-b")).Keys().Single().Id;
        Assert.Equal(HttpStatusCode.Unauthorized, (await d.GetKeyWithIdAsync("sae-a", id)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await b.GetKeyWithIdAsync("sae-c", id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await b.GetKeyWithIdAsync("sae-a", id)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await b.GetKeyWithIdAsync("sae-a", id)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await b.GetKeyWithIdAsync("sae-a", "not-a-uuid")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await b.GetKeyWithIdAsync("sae-a", Guid.NewGuid().ToString())).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await b.PostKeyWithIdsAsync("sae-a", [])).Status);

        // dec_keys is all or nothing: one unknown ID and the known one stays.
        string second = (await c.GetKeyAsync("sae-b")).Keys().Single().Id;
        Assert.Equal(HttpStatusCode.BadRequest, (await b.PostKeyWithIdsAsync("sae-c", [second, Guid.NewGuid().ToString()])).Status);
        Assert.Equal(HttpStatusCode.OK, (await b.PostKeyWithIdsAsync("sae-c", [second])).Status);
        Assert.True(nodes.AliceKme.Statistics.BadRequest >= 12);
    }

    [Fact]
    public async Task A_client_certificate_from_another_CA_or_none_is_refused_in_the_TLS_handshake()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 1, keysPerBlock: 10);
        string otherPki = Path.Combine(nodes.Directory, "other-pki");
        DevelopmentCertificates.EnsureCreated(otherPki, [], ["sae-a"]);
        using var forged = new Etsi014Client(nodes.AliceUrl, DevelopmentCertificates.Load(otherPki, "sae-a"), nodes.Ca);
        using var anonymous = new Etsi014Client(nodes.AliceUrl, null, nodes.Ca);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => forged.GetKeyAsync("sae-b"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.StatusAsync("sae-b"));
        Assert.Equal(10, nodes.AliceStore.Count);
    }

    [Fact]
    public async Task With_the_peer_node_unreachable_enc_keys_answers_503_and_consumes_nothing()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 1, keysPerBlock: 50, connect: false);
        using Etsi014Client a = nodes.Client("sae-a", atAlice: true);

        Etsi014Client.Answer answer = await a.GetKeyAsync("sae-b", 2);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.False(string.IsNullOrEmpty(answer.Message));
        Assert.Equal(50, nodes.AliceStore.Count);
        Assert.Equal(50, nodes.BobStore.Count);
        Assert.Equal(Convert.ToHexString(nodes.AliceStore.ComputeDigest()), Convert.ToHexString(nodes.BobStore.ComputeDigest()));
    }

    [Fact]
    public async Task Asking_for_more_key_than_is_held_answers_503_and_consumes_nothing()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 1, keysPerBlock: 8);
        using Etsi014Client a = nodes.Client("sae-a", atAlice: true);
        int lane = nodes.AliceStore.AvailableInLane(0);

        Etsi014Client.Answer answer = await a.GetKeyAsync("sae-b", 1, (lane + 1) * 256);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal(8, nodes.AliceStore.Count);
        Assert.Equal(8, nodes.BobStore.Count);
    }

    [Fact]
    public async Task Hundreds_of_concurrent_requests_from_several_SAEs_at_both_ends_never_receive_the_same_key()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 4, keysPerBlock: 300);
        var clients = new (Etsi014Client Client, string Slave, bool AtAlice, string Master)[]
        {
            (nodes.Client("sae-a", true), "sae-b", true, "sae-a"), (nodes.Client("sae-c", true), "sae-b", true, "sae-c"),
            (nodes.Client("sae-b", false), "sae-a", false, "sae-b"), (nodes.Client("sae-d", false), "sae-a", false, "sae-d"),
        };
        var tasks = Enumerable.Range(0, 240).Select(async i =>
        {
            var (client, slave, atAlice, master) = clients[i % clients.Length];
            Etsi014Client.Answer answer = await client.GetKeyAsync(slave, 1 + (i % 3), 128);
            return (answer, atAlice, master, slave);
        }).ToList();
        var results = await Task.WhenAll(tasks);

        var issued = results.Where(r => r.answer.Status == HttpStatusCode.OK).SelectMany(r => r.answer.Keys().Select(k => (k.Id, Hex: Convert.ToHexString(k.Key), r.atAlice, r.master, r.slave))).ToList();
        Assert.True(issued.Count >= 400, $"{issued.Count} keys issued");
        Assert.Equal(issued.Count, issued.Select(k => k.Id).Distinct().Count());
        Assert.Equal(issued.Count, issued.Select(k => k.Hex).Distinct().Count());

        // Every key is fetched once, by its slave, at the other end, with the same bytes.
        foreach (var group in issued.GroupBy(k => (k.atAlice, k.master, k.slave)))
        {
            using Etsi014Client slaveClient = nodes.Client(group.Key.slave, !group.Key.atAlice);
            foreach (var chunk in group.Chunk(50))
            {
                Etsi014Client.Answer fetched = await slaveClient.PostKeyWithIdsAsync(group.Key.master, chunk.Select(k => k.Id));
                Assert.Equal(HttpStatusCode.OK, fetched.Status);
                Assert.Equal(chunk.Select(k => k.Hex), fetched.Keys().Select(k => Convert.ToHexString(k.Key)));
            }
        }

        Assert.Equal(0, nodes.AliceStore.ReservedCount());
        Assert.Equal(0, nodes.BobStore.ReservedCount());
        Assert.Equal(Convert.ToHexString(nodes.AliceStore.ComputeDigest()), Convert.ToHexString(nodes.BobStore.ComputeDigest()));
        foreach (var c in clients)
        {
            c.Client.Dispose();
        }
    }

    [Fact]
    public async Task The_audit_log_records_the_lifecycle_with_IDs_and_SAEs_but_no_key_bytes()
    {
        await using KeyNodePair nodes = await KeyNodePair.StartAsync(blocks: 1, keysPerBlock: 20);
        using Etsi014Client a = nodes.Client("sae-a", atAlice: true);
        using Etsi014Client b = nodes.Client("sae-b", atAlice: false);
        var (id, key) = (await a.GetKeyAsync("sae-b")).Keys().Single();
        Assert.Equal(HttpStatusCode.OK, (await b.GetKeyWithIdAsync("sae-a", id)).Status);

        var aliceLog = nodes.AliceStore.ReadAudit();
        var bobLog = nodes.BobStore.ReadAudit();

        Assert.Equal(20, aliceLog.Count(r => r.Event == NodeAgent.Keys.KeyLifecycleEvent.Distilled));
        Assert.Contains(aliceLog, r => r.Event == NodeAgent.Keys.KeyLifecycleEvent.Delivered && r.KeyId == Guid.Parse(id) && r.Sae == "sae-a" && r.PeerSae == "sae-b");
        Assert.Contains(bobLog, r => r.Event == NodeAgent.Keys.KeyLifecycleEvent.Reserved && r.KeyId == Guid.Parse(id));
        Assert.Contains(bobLog, r => r.Event == NodeAgent.Keys.KeyLifecycleEvent.Delivered && r.KeyId == Guid.Parse(id) && r.Sae == "sae-b");
        byte[] database = await File.ReadAllBytesAsync(Path.Combine(nodes.Directory, "bob", "keys.db-wal"), TestContext.Current.CancellationToken);
        Assert.Equal(-1, database.AsSpan().IndexOf(key.AsSpan(0, 16)));
        CryptographicOperations.ZeroMemory(key);
    }
}
