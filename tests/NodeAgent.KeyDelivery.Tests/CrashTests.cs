using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Keys;
using NodeAgent.Telemetry.Tests.Mqtt;

namespace NodeAgent.KeyDelivery.Tests;

/// <summary>Both ends as separate agent processes, one killed with SIGKILL again and again while keys are committed and served.</summary>
/// <remarks>Runs alone: two agents distilling in real time need the host's cores to themselves.</remarks>
[Collection(AgentProcessCollection.Name)]
public sealed class CrashTests
{
    [Fact]
    public async Task After_repeated_SIGKILLs_the_stores_hold_the_same_keys_and_no_key_was_delivered_twice()
    {
        string? dll = AgentProcess.AgentDll();
        if (dll is null)
        {
            Assert.Skip("the agent build for this architecture is not runnable here (arm64 under qemu runs the in-process tests)");
        }

        CancellationToken ct = TestContext.Current.CancellationToken;
        string root = Path.Combine(Path.GetTempPath(), "nodeagent-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        int[] ports = Enumerable.Range(0, 4).Select(_ => FreePort.Next()).ToArray();
        string epoch = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        string[] common =
        [
            "--Node:Listen", $"127.0.0.1:{ports[0]}", "--Node:Peer", $"127.0.0.1:{ports[0]}",
            "--Node:KeyListen", $"127.0.0.1:{ports[1]}", "--Node:KeyPeer", $"127.0.0.1:{ports[1]}",
            "--Node:DataDirectory", Path.Combine(root, "data"), "--Node:ReconnectMaxSeconds", "0.5",
            "--KeyDelivery:CertificateDirectory", Path.Combine(root, "pki"),
            "--KeyDelivery:Ends:alice:Url", $"https://127.0.0.1:{ports[2]}", "--KeyDelivery:Ends:bob:Url", $"https://127.0.0.1:{ports[3]}",
            "--Telemetry:Enabled", "false", "--Simulation:Epoch", epoch, "--Simulation:Seed", "11", "--Distillation:BlockBits", "524288",
        ];
        AgentProcess Start(string role) => AgentProcess.Start(dll, root, ["--Node:Role", role, .. common]);

        AgentProcess alice = Start("alice");
        await Task.Delay(1500, ct);
        AgentProcess bob = Start("bob");
        var issued = new List<(string Id, string Hex, bool AtAlice)>();
        var fetched = new List<(string Id, string Hex)>();
        var random = new Random(5);
        int kills = 0;
        try
        {
            // The PKI exists once both have started; wait for it and for the first keys.
            await WaitAsync(() => File.Exists(Path.Combine(root, "pki", "sae-b.key")), TimeSpan.FromSeconds(60), "the development PKI");
            using X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(root, "pki", "ca.crt"));
            var aliceUrl = new Uri($"https://127.0.0.1:{ports[2]}/");
            var bobUrl = new Uri($"https://127.0.0.1:{ports[3]}/");
            using var saeA = new Etsi014Client(aliceUrl, DevelopmentCertificates.Load(Path.Combine(root, "pki"), "sae-a"), ca);
            using var saeB = new Etsi014Client(bobUrl, DevelopmentCertificates.Load(Path.Combine(root, "pki"), "sae-b"), ca);

            DateTime end = DateTime.UtcNow.AddSeconds(45);
            DateTime nextKill = DateTime.UtcNow.AddSeconds(8);
            while (DateTime.UtcNow < end)
            {
                bool atAlice = random.Next(2) == 0;
                (Etsi014Client master, Etsi014Client slave, string slaveId, string masterId) = atAlice ? (saeA, saeB, "sae-b", "sae-a") : (saeB, saeA, "sae-a", "sae-b");
                try
                {
                    Etsi014Client.Answer answer = await master.GetKeyAsync(slaveId, 2, 256);
                    if (answer.Status == HttpStatusCode.OK)
                    {
                        var keys = answer.Keys();
                        issued.AddRange(keys.Select(k => (k.Id, Convert.ToHexString(k.Key), atAlice)));
                        Etsi014Client.Answer got = await slave.PostKeyWithIdsAsync(masterId, keys.Select(k => k.Id));
                        if (got.Status == HttpStatusCode.OK)
                        {
                            fetched.AddRange(got.Keys().Select(k => (k.Id, Convert.ToHexString(k.Key))));
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // An end is down right now.
                }
                catch (TaskCanceledException)
                {
                }

                if (DateTime.UtcNow >= nextKill)
                {
                    // Kill one end at a random instant of its work, and start it again.
                    bool killAlice = random.Next(2) == 0;
                    await Task.Delay(random.Next(0, 700), ct);
                    (killAlice ? alice : bob).Kill();
                    kills++;
                    await Task.Delay(random.Next(100, 800), ct);
                    if (killAlice)
                    {
                        alice.Dispose();
                        alice = Start("alice");
                    }
                    else
                    {
                        bob.Dispose();
                        bob = Start("bob");
                    }

                    nextKill = DateTime.UtcNow.AddSeconds(random.Next(3, 6));
                }

                await Task.Delay(50, ct);
            }

            // Quiet time: both reconnect and resynchronise; then a clean stop.
            await Task.Delay(6000, ct);

            // Keys issued before a kill and not yet fetched are still held for their slave, exactly once.
            foreach (var key in issued.Where(k => !fetched.Any(f => f.Id == k.Id)))
            {
                Etsi014Client slave = key.AtAlice ? saeB : saeA;
                Etsi014Client.Answer got = await slave.GetKeyWithIdAsync(key.AtAlice ? "sae-a" : "sae-b", key.Id);
                if (got.Status == HttpStatusCode.OK)
                {
                    fetched.AddRange(got.Keys().Select(k => (k.Id, Convert.ToHexString(k.Key))));
                }
            }
        }
        finally
        {
            await bob.StopAsync(TimeSpan.FromSeconds(30));
            await alice.StopAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(kills >= 5, $"only {kills} kills");
        Assert.True(issued.Count >= 6, $"only {issued.Count} keys issued;\nalice: {alice.Output}\nbob: {bob.Output}");
        Assert.Equal(issued.Count, issued.Select(k => k.Hex).Distinct().Count());
        Assert.Equal(issued.Count, issued.Select(k => k.Id).Distinct().Count());
        Assert.Equal(fetched.Count, fetched.Select(k => k.Id).Distinct().Count());
        var issuedById = issued.ToDictionary(k => k.Id, k => k.Hex);
        Assert.All(fetched, f => Assert.Equal(issuedById[f.Id], f.Hex));
        Assert.True(fetched.Count >= issued.Count * 9 / 10, $"{fetched.Count} of {issued.Count} issued keys reached their slave");

        // The two stores, as the next connection would leave them (Bob's staged block follows Alice), are identical.
        using SqliteKeyStore aliceStore = Open(root, "alice");
        using SqliteKeyStore bobStore = Open(root, "bob");
        if (bobStore.StagedBlock != 0)
        {
            _ = aliceStore.LastCommittedBlock >= bobStore.StagedBlock ? bobStore.CommitStaged(bobStore.StagedBlock) : bobStore.DropStaged(bobStore.StagedBlock);
        }

        Assert.True(aliceStore.Count > 0);
        Assert.Equal(aliceStore.LastCommittedBlock, bobStore.LastCommittedBlock);
        Assert.Equal(aliceStore.BlockSummaries(ulong.MaxValue >> 1), bobStore.BlockSummaries(ulong.MaxValue >> 1));
        Assert.Equal(Convert.ToHexString(aliceStore.ComputeDigest()), Convert.ToHexString(bobStore.ComputeDigest()));

        // The authentication pads set aside from those blocks are numbered alike and are the same bytes at both ends.
        NodeAgent.Node.Tests.Support.AuthenticationAssert.StoresHoldIdenticalPads(aliceStore, bobStore, minimumPerDirection: 1);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    private static SqliteKeyStore Open(string root, string end)
    {
        string directory = Path.Combine(root, "data", end);
        byte[] master = MasterKeyFile.LoadOrCreate(Path.Combine(directory, "master.key"));
        return SqliteKeyStore.Open(Path.Combine(directory, "keys.db"), master, TimeProvider.System, NullLogger.Instance);
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        DateTime until = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}

/// <summary>Tests that start agent processes run after the others, not beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AgentProcessCollection
{
    public const string Name = "agent processes";
}
