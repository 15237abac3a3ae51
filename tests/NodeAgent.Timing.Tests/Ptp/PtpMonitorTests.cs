using NodeAgent.Timing.Ptp;

namespace NodeAgent.Timing.Tests.Ptp;

public sealed class PtpMonitorTests
{
    private static readonly PtpMonitorOptions s_options = new() { PollIntervalSeconds = 1, MaxSyncAgeSeconds = 3, ReplyTimeoutSeconds = 0.05 };

    [Fact]
    public async Task A_slave_with_advancing_syncs_is_synchronised_and_every_field_decodes()
    {
        var ptp = new FakePtp4l();
        var time = new ManualTimeProvider();
        var monitor = new PtpMonitor(ptp, s_options, time);

        PtpSyncStatus status = await monitor.PollAsync(TestContext.Current.CancellationToken);

        Assert.True(status.Synchronised, status.ToString());
        Assert.Equal(PtpPortState.Slave, status.PortState);
        Assert.Equal(-1234, status.TimeStatus!.Value.MasterOffsetNs);
        Assert.Equal("001122.fffe.334455", status.TimeStatus!.Value.GmIdentityText);
        Assert.Equal(1, status.Current!.Value.StepsRemoved);
        Assert.Equal(-1234.0, status.Current!.Value.OffsetFromMasterNs);
        Assert.Equal(2500.5, status.Current!.Value.MeanPathDelayNs);

        // The requests are GETs to every port of every clock, with the IDs asked for.
        Assert.Equal(3, ptp.Requests.Count);
        Assert.All(ptp.Requests, r => Assert.Equal(54, r.Length));
        Assert.All(ptp.Requests, r => Assert.Equal(0x0D, r[0] & 0x0F));
        Assert.All(ptp.Requests, r => Assert.True(r.AsSpan(34, 10).ToArray().All(b => b == 0xFF)));
        Assert.All(ptp.Requests, r => Assert.Equal(0, r[46] & 0x0F));
        Assert.Equal([0x20, 0x04], ptp.Requests[0][52..54]);
        Assert.Equal([0xC0, 0x00], ptp.Requests[1][52..54]);
        Assert.Equal([0x20, 0x01], ptp.Requests[2][52..54]);
    }

    [Fact]
    public async Task Losing_the_master_raises_sync_lost_although_gmPresent_stays_true()
    {
        var ptp = new FakePtp4l();
        var time = new ManualTimeProvider();
        var monitor = new PtpMonitor(ptp, s_options, time);
        var lost = new List<PtpSyncStatus>();
        var acquired = new List<PtpSyncStatus>();
        monitor.SyncLost += lost.Add;
        monitor.SyncAcquired += acquired.Add;
        CancellationToken ct = TestContext.Current.CancellationToken;

        Assert.True((await monitor.PollAsync(ct)).Synchronised);
        Assert.Single(acquired);

        // ptp4l after its master died: LISTENING, ingress time 0, gmPresent still true.
        ptp.PortState = PtpPortState.Listening;
        ptp.IngressTimeNs = 0;
        time.Advance(TimeSpan.FromSeconds(1));
        PtpSyncStatus status = await monitor.PollAsync(ct);

        Assert.False(status.Synchronised);
        Assert.True(status.TimeStatus!.Value.GmPresent);
        Assert.Contains("Listening", status.Reason, StringComparison.Ordinal);
        PtpSyncStatus reported = Assert.Single(lost);
        Assert.Same(status, reported);

        // Still lost: no second event.
        await monitor.PollAsync(ct);
        Assert.Single(lost);
    }

    [Fact]
    public async Task A_slave_whose_ingress_time_stops_advancing_is_lost_after_the_max_sync_age()
    {
        var ptp = new FakePtp4l();
        var time = new ManualTimeProvider();
        var monitor = new PtpMonitor(ptp, s_options, time);
        CancellationToken ct = TestContext.Current.CancellationToken;
        Assert.True((await monitor.PollAsync(ct)).Synchronised);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await monitor.PollAsync(ct)).Synchronised); // same ingress time, but only 2 s old

        time.Advance(TimeSpan.FromSeconds(2));
        PtpSyncStatus stale = await monitor.PollAsync(ct);
        Assert.False(stale.Synchronised);
        Assert.StartsWith("last sync 4.0 s ago", stale.Reason, StringComparison.Ordinal);

        ptp.IngressTimeNs += 1_000_000_000; // syncs again
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await monitor.PollAsync(ct)).Synchronised);
    }

    [Fact]
    public async Task Malformed_replies_are_counted_and_skipped_not_thrown()
    {
        var ptp = new FakePtp4l { JunkBeforeReply = [0x0D, 0x02, 0xFF, 0xFF, 1, 2, 3] };
        var monitor = new PtpMonitor(ptp, s_options, new ManualTimeProvider());

        PtpSyncStatus status = await monitor.PollAsync(TestContext.Current.CancellationToken);

        Assert.True(status.Synchronised, "the real reply after the junk still counts");
        Assert.Equal(3, monitor.Client.MalformedReplies);
    }

    [Fact]
    public async Task Short_data_is_counted_as_malformed_and_means_no_answer()
    {
        var ptp = new FakePtp4l { ShortData = true };
        var monitor = new PtpMonitor(ptp, s_options, new ManualTimeProvider());

        PtpSyncStatus status = await monitor.PollAsync(TestContext.Current.CancellationToken);

        Assert.False(status.Synchronised);
        Assert.Equal("no reply from ptp4l", status.Reason);
        Assert.Equal(3, monitor.Client.MalformedReplies);
    }

    [Fact]
    public async Task Silence_and_error_status_are_counted()
    {
        var silent = new FakePtp4l { Silent = true };
        var monitor = new PtpMonitor(silent, s_options, new ManualTimeProvider());
        PtpSyncStatus status = await monitor.PollAsync(TestContext.Current.CancellationToken);
        Assert.False(status.Synchronised);
        Assert.Equal(3, monitor.Client.Timeouts);

        var refusing = new FakePtp4l { ErrorStatus = true };
        monitor = new PtpMonitor(refusing, s_options, new ManualTimeProvider());
        status = await monitor.PollAsync(TestContext.Current.CancellationToken);
        Assert.False(status.Synchronised);
        Assert.Equal(3, monitor.Client.ErrorReplies);
    }

    [Fact]
    public void The_reply_parser_never_throws_on_random_bytes()
    {
        var random = new Random(42);
        byte[] buffer = new byte[200];
        for (int i = 0; i < 100_000; i++)
        {
            int length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 2 == 0 && length > 54)
            {
                buffer[0] = 0x0D; // get past the first checks half the time
                buffer[1] = 0x02;
            }

            PtpReplyStatus status = PtpManagementMessage.TryParseReply(buffer.AsSpan(0, length), 7, PtpManagementId.TimeStatusNp, out ReadOnlySpan<byte> data);
            if (status == PtpReplyStatus.Ok)
            {
                Assert.True(data.Length <= length - 54);
                _ = TimeStatusNp.TryRead(data, out _);
            }
        }
    }

    [Fact]
    public void Options_are_validated()
    {
        var options = new PtpMonitorOptions { UdsAddress = "", PollIntervalSeconds = 0, MaxSyncAgeSeconds = -1 };
        Assert.Equal(3, options.Validate().Count);
        Assert.Throws<ArgumentException>(() => new PtpMonitor(new FakePtp4l(), options, TimeProvider.System));
        Assert.Empty(new PtpMonitorOptions().Validate());
    }
}
