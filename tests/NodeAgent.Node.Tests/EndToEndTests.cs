using Microsoft.Extensions.Logging;
using NodeAgent.Drivers.Simulated;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Hosting;
using NodeAgent.Node.KeyManagement;
using NodeAgent.Node.Pipeline;
using NodeAgent.Node.Tests.Support;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Tests;

/// <summary>Two agents over loopback TCP on a simulated link: the walking skeleton end to end.</summary>
public class EndToEndTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Two_agents_distil_a_megabit_of_identical_key()
    {
        await using var harness = new LinkHarness(LinkHarness.OperatingPoint(42));
        await harness.StartAsync();
        await harness.WaitUntilAsync(() => harness.Bob.Statistics.SecretBits >= 1 << 20, s_limit, "1 Mbit of key at Bob");
        await harness.StopAsync();

        Assert.True(harness.AliceStore.Count >= (1 << 20) / 256, $"Alice holds {harness.AliceStore.Count} keys");
        Assert.Equal(harness.AliceStore.Count, harness.BobStore.Count);
        Assert.Equal(harness.AliceStore.ComputeDigest(), harness.BobStore.ComputeDigest());
        (string line, bool identical) = StoreComparison.Summarize(harness.Ends);
        Assert.True(identical, line);

        // The link behaves as configured: a QBER near misalignment plus dark counts, and Cascade close to its published efficiency.
        double qber = harness.Bob.Statistics.LastQber;
        Assert.InRange(qber, 0.005, 0.05);
        Assert.InRange(harness.Bob.Statistics.LastEfficiency, 1.0, 1.6);

        // Authentication spends one pad per frame and one hash key per session, reserved 64 at a time, each end from
        // its own direction only (the reservation cursor counts every pad handed out).
        foreach ((LinkEndStatistics statistics, SqliteKeyStore store, PadDirection sending) in new[]
        {
            (harness.Alice.Statistics, harness.AliceStore, PadDirection.AliceToBob),
            (harness.Bob.Statistics, harness.BobStore, PadDirection.BobToAlice),
        })
        {
            long spent = store.PadsReserved((int)sending);
            long frames = statistics.PeerLink.FramesSent;
            long sessions = statistics.PeerLink.Connections;
            Assert.InRange(spent, frames + sessions, frames + (64 * sessions));
            Assert.Equal(0, spent % 64);
        }

        // Every committed block set pads aside, and the two ends hold the same pad bytes under the same numbers.
        AuthenticationAssert.StoresHoldIdenticalPads(harness.AliceStore, harness.BobStore, minimumPerDirection: 192);

        Assert.Empty(harness.AliceLog.AtLeast(LogLevel.Error));
        Assert.Empty(harness.BobLog.AtLeast(LogLevel.Error));
    }

    /// <summary>
    /// The same link with blind LDPC (<c>Distillation:Reconciliation = Ldpc</c>): identical stores, the leakage both
    /// ends count agrees (Alice checks Bob's figure at verification), and an efficiency in the range the LDPC sweep
    /// measured (docs/performance.md: 1.31–1.42 at QBER 1–2 %, more on short last frames), above what Cascade
    /// discloses at this QBER (about 1.15), which shows LDPC ran.
    /// </summary>
    [Fact]
    public async Task Two_agents_distil_identical_key_with_blind_LDPC()
    {
        DistillationOptions distillation = LinkHarness.SmallBlocks();
        distillation.Reconciliation = ReconciliationMethod.Ldpc;
        await using var harness = new LinkHarness(LinkHarness.OperatingPoint(43), distillation);
        await harness.StartAsync();
        await harness.WaitUntilAsync(() => harness.BobStore.LastCommittedBlock >= 2, s_limit, "two committed blocks");
        await harness.StopAsync();

        Assert.True(harness.BobStore.Count > 0);
        Assert.Equal(harness.AliceStore.ComputeDigest(), harness.BobStore.ComputeDigest());
        Assert.InRange(harness.Bob.Statistics.LastEfficiency, 1.25, 2.5);
        Assert.Empty(harness.AliceLog.AtLeast(LogLevel.Error));
        Assert.Empty(harness.BobLog.AtLeast(LogLevel.Error));
    }

    /// <summary>Ends configured for different methods never produce key: the first reconciliation message is refused.</summary>
    [Fact]
    public async Task Ends_with_different_reconciliation_methods_produce_no_key()
    {
        DistillationOptions bob = LinkHarness.SmallBlocks();
        bob.Reconciliation = ReconciliationMethod.Ldpc;
        await using var harness = new LinkHarness(LinkHarness.OperatingPoint(44), LinkHarness.SmallBlocks(), bobDistillation: bob);
        await harness.StartAsync();
        await harness.WaitUntilAsync(
            () => harness.AliceLog.Entries.Any(e => e.Message.Contains("configurations differ", StringComparison.Ordinal)), s_limit, "Alice refusing Bob's LDPC request");
        await harness.StopAsync();

        Assert.Equal(0, harness.AliceStore.Count);
        Assert.Equal(0, harness.BobStore.Count);
    }

    [Fact]
    public async Task An_eavesdropper_on_every_pulse_gives_a_quarter_QBER_and_no_key()
    {
        SimulatedLinkOptions eve = LinkHarness.OperatingPoint(7);
        eve.EavesdropperFraction = 1.0;
        await using var harness = new LinkHarness(eve);
        await harness.StartAsync();
        await harness.WaitUntilAsync(() => harness.Bob.Statistics.BlocksDiscarded >= 3, s_limit, "three discarded blocks");
        await harness.StopAsync();

        Assert.InRange(harness.Bob.Statistics.LastQber, 0.22, 0.30);
        Assert.Equal(0, harness.AliceStore.Count);
        Assert.Equal(0, harness.BobStore.Count);
        Assert.Equal(0, harness.Bob.Statistics.BlocksAccepted);
        Assert.Equal(LinkAlarm.Qber, harness.Bob.Statistics.Alarm);
        Assert.Contains("eavesdropping", harness.Bob.Statistics.LastDiscardReason, StringComparison.Ordinal);
        Assert.Contains(harness.AliceLog.AtLeast(LogLevel.Warning), m => m.Contains("QBER", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ProxyFault.Garble, 3_000, PeerFailure.Authentication)]
    [InlineData(ProxyFault.Garble, 400_000, PeerFailure.Authentication)]
    [InlineData(ProxyFault.Truncate, 400_000, PeerFailure.Closed)]
    [InlineData(ProxyFault.Truncate, 6_000_000, PeerFailure.Closed)]
    public async Task A_damaged_stream_discards_the_block_and_the_link_recovers_with_identical_stores(ProxyFault fault, long afterBytes, PeerFailure expected)
    {
        await using var harness = new LinkHarness(LinkHarness.OperatingPoint(3));
        await harness.StartAsync(fault, afterBytes);
        await harness.WaitUntilAsync(
            () => harness.Bob.Statistics.PeerLink.Connections >= 2 && harness.BobStore.Count > 0 && harness.Bob.Statistics.BlocksAccepted >= 2,
            s_limit, "recovery after the fault");
        await harness.StopAsync();

        long failures = harness.Alice.Statistics.PeerLink.Failures(expected) + harness.Bob.Statistics.PeerLink.Failures(expected);
        Assert.True(failures >= 1, $"no {expected} failure counted");
        Assert.NotEmpty(harness.AliceLog.AtLeast(LogLevel.Error).Concat(harness.BobLog.AtLeast(LogLevel.Error)));
        Assert.Equal(harness.AliceStore.Count, harness.BobStore.Count);
        Assert.Equal(harness.AliceStore.ComputeDigest(), harness.BobStore.ComputeDigest());
    }

    [Fact]
    public async Task A_wrong_pre_shared_key_is_refused_with_an_error_and_no_key()
    {
        string wrongKey = Convert.ToHexString(new byte[32]);
        await using var harness = new LinkHarness(LinkHarness.OperatingPoint(5), bobKey: wrongKey);
        await harness.StartAsync();
        await harness.WaitUntilAsync(() => harness.Alice.Statistics.PeerLink.Failures(PeerFailure.Authentication) >= 2, s_limit, "two refused handshakes");
        await harness.StopAsync();

        Assert.Equal(0, harness.AliceStore.Count);
        Assert.Equal(0, harness.BobStore.Count);
        Assert.Equal(0, harness.Alice.Statistics.PeerLink.Connections);
        Assert.Contains(harness.AliceLog.AtLeast(LogLevel.Error), m => m.Contains("authentication", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Pads_set_aside_from_distilled_blocks_keep_the_channel_authenticated_long_after_the_bootstrap_is_spent()
    {
        // 256 pads each way last less than two blocks (a block spends about 145 each way); the run goes on for eight.
        const int bootstrap = 256;
        await using var harness = new LinkHarness(LinkHarness.OperatingPoint(11), bootstrapPads: bootstrap);
        await harness.StartAsync();
        await harness.WaitUntilAsync(() => harness.BobStore.LastCommittedBlock >= 8, s_limit, "eight committed blocks");
        await harness.StopAsync();

        Assert.True(harness.AliceStore.PadsReserved((int)PadDirection.AliceToBob) > 3 * bootstrap, "Alice sent on distilled pads");
        Assert.True(harness.BobStore.PadsReserved((int)PadDirection.BobToAlice) > 3 * bootstrap, "Bob sent on distilled pads");
        Assert.Equal(0, harness.Alice.Statistics.PeerLink.Failures(PeerFailure.KeyExhausted) + harness.Bob.Statistics.PeerLink.Failures(PeerFailure.KeyExhausted));
        Assert.Equal(harness.AliceStore.ComputeDigest(), harness.BobStore.ComputeDigest());
        AuthenticationAssert.StoresHoldIdenticalPads(harness.AliceStore, harness.BobStore, minimumPerDirection: 1);
        Assert.Empty(harness.AliceLog.AtLeast(LogLevel.Error));
        Assert.Empty(harness.BobLog.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task Logs_never_contain_key_material()
    {
        await using var harness = new LinkHarness(LinkHarness.OperatingPoint(9));
        await harness.StartAsync(ProxyFault.Garble, 200_000);
        await harness.WaitUntilAsync(() => harness.BobStore.Count > 0 && harness.Bob.Statistics.PeerLink.Connections >= 2, s_limit, "keys after a fault");
        await harness.StopAsync();

        IReadOnlyList<Guid> ids = harness.BobStore.Claim(0, 8) ?? harness.BobStore.Claim(1, 8) ?? throw new InvalidOperationException("too few keys");
        var keysHex = harness.BobStore.TakeClaimed(ids, ids, 256, "test", "test")!.Select(k => Convert.ToHexString(k)[..16]).ToList();
        string logs = string.Join('\n', harness.AliceLog.Entries.Concat(harness.BobLog.Entries).Select(e => e.Message));
        Assert.NotEmpty(keysHex);
        Assert.DoesNotContain(keysHex, k => logs.Contains(k, StringComparison.OrdinalIgnoreCase));
    }
}
