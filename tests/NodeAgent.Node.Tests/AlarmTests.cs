using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Hal.Timing;
using NodeAgent.Node.Alarms;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Tests;

/// <summary>The alarm model (hysteresis, hold, de-duplication) and each link alarm, on a hand-driven clock.</summary>
public class AlarmTests
{
    private static readonly LinkAlarmInputs s_healthy = new(LinkAlarm.None, 0.02, 0, 100, 0, 1, 0, "bob-detector", 22, Running: true);

    [Fact]
    public void An_alarm_is_reported_once_when_raised_and_once_when_cleared()
    {
        var time = new ManualTime();
        var alarm = new Alarm("X", TimeSpan.Zero, time);
        Assert.Equal(AlarmChange.Raised, alarm.Update(AlarmSignal.Raise, "high"));
        Assert.Equal(AlarmChange.None, alarm.Update(AlarmSignal.Raise, "higher"));
        Assert.Equal("higher", alarm.Message);
        Assert.Equal(AlarmChange.Cleared, alarm.Update(AlarmSignal.Clear));
        Assert.Equal(AlarmChange.None, alarm.Update(AlarmSignal.Clear));
        Assert.False(alarm.IsActive);
        Assert.Equal("", alarm.Message);
    }

    [Fact]
    public void A_raised_alarm_is_held_for_the_minimum_hold_time()
    {
        var time = new ManualTime();
        var alarm = new Alarm("X", TimeSpan.FromSeconds(10), time);
        alarm.Update(AlarmSignal.Raise, "high");
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(AlarmChange.None, alarm.Update(AlarmSignal.Clear));
        Assert.True(alarm.IsActive);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AlarmChange.Cleared, alarm.Update(AlarmSignal.Clear));
    }

    [Fact]
    public void Hysteresis_holds_between_the_raise_and_clear_thresholds()
    {
        Assert.Equal(AlarmSignal.Raise, Hysteresis.Above(0.12, 0.11, 0.10));
        Assert.Equal(AlarmSignal.Hold, Hysteresis.Above(0.105, 0.11, 0.10));
        Assert.Equal(AlarmSignal.Clear, Hysteresis.Above(0.10, 0.11, 0.10));
        Assert.Equal(AlarmSignal.Hold, Hysteresis.Above(double.NaN, 0.11, 0.10));
        Assert.Equal(AlarmSignal.Raise, Hysteresis.Below(9, 10, 11));
        Assert.Equal(AlarmSignal.Hold, Hysteresis.Below(10.5, 10, 11));
        Assert.Equal(AlarmSignal.Clear, Hysteresis.Below(11, 10, 11));
    }

    [Fact]
    public void The_QBER_alarm_follows_the_pipeline_and_the_threshold_with_hysteresis()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor();
        monitor.Evaluate(s_healthy with { PipelineAlarm = LinkAlarm.Qber, LastQber = 0.2 });
        Assert.True(Get(monitor, LinkAlarmMonitor.Qber).IsActive);
        Assert.Contains("possible eavesdropping; the block is discarded", Get(monitor, LinkAlarmMonitor.Qber).Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(2));
        monitor.Evaluate(s_healthy with { LastQber = 0.105 });
        Assert.True(Get(monitor, LinkAlarmMonitor.Qber).IsActive);
        monitor.Evaluate(s_healthy with { LastQber = 0.05 });
        Assert.False(Get(monitor, LinkAlarmMonitor.Qber).IsActive);
        monitor.QberThreshold = 0.04;
        monitor.Evaluate(s_healthy with { LastQber = 0.05 });
        Assert.Contains("alarm threshold", Get(monitor, LinkAlarmMonitor.Qber).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_detection_statistics_alarm_follows_the_pipeline()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor();
        monitor.Evaluate(s_healthy with { PipelineAlarm = LinkAlarm.DetectionStatistics });
        Assert.True(Get(monitor, LinkAlarmMonitor.DetectionStatistics).IsActive);
        time.Advance(TimeSpan.FromSeconds(1));
        monitor.Evaluate(s_healthy);
        Assert.False(Get(monitor, LinkAlarmMonitor.DetectionStatistics).IsActive);
    }

    [Fact]
    public void The_key_rate_alarm_waits_for_the_grace_period_and_a_full_window()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor(o => { o.KeyRateTargetBitsPerSecond = 1000; o.KeyRateWindowSeconds = 10; o.StartupGraceSeconds = 20; });
        long bits = 0;
        for (int s = 0; s < 19; s++)
        {
            monitor.Evaluate(s_healthy with { SecretBits = bits += 500 });
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.False(Get(monitor, LinkAlarmMonitor.KeyRate).IsActive);
        time.Advance(TimeSpan.FromSeconds(1));
        monitor.Evaluate(s_healthy with { SecretBits = bits += 500 });
        Assert.True(Get(monitor, LinkAlarmMonitor.KeyRate).IsActive);
        for (int s = 0; s < 12; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            monitor.Evaluate(s_healthy with { SecretBits = bits += 2000 });
        }

        Assert.False(Get(monitor, LinkAlarmMonitor.KeyRate).IsActive);
    }

    [Fact]
    public void The_authentication_key_alarm_is_raised_when_few_pads_are_left_and_cleared_when_blocks_replenish_them()
    {
        (LinkAlarmMonitor monitor, _) = Monitor(o => o.AuthenticationPadsLow = 1000);
        monitor.Evaluate(s_healthy);
        Assert.False(Get(monitor, LinkAlarmMonitor.AuthenticationKey).IsActive);
        monitor.Evaluate(s_healthy with { AuthenticationPads = 999 });
        Alarm alarm = Get(monitor, LinkAlarmMonitor.AuthenticationKey);
        Assert.True(alarm.IsActive);
        Assert.Contains("999 authentication pads", alarm.Message, StringComparison.Ordinal);
        monitor.Evaluate(s_healthy with { AuthenticationPads = 1050 });
        Assert.True(Get(monitor, LinkAlarmMonitor.AuthenticationKey).IsActive);
        monitor.Evaluate(s_healthy with { AuthenticationPads = 1100 });
        Assert.False(Get(monitor, LinkAlarmMonitor.AuthenticationKey).IsActive);
    }

    [Fact]
    public void The_key_store_alarm_is_raised_below_the_count_and_cleared_above_it_with_a_margin()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor(o => { o.KeyStoreLowCount = 100; o.StartupGraceSeconds = 5; });
        monitor.Evaluate(s_healthy with { KeysStored = 0 });
        Assert.False(Get(monitor, LinkAlarmMonitor.KeyStoreLow).IsActive);
        time.Advance(TimeSpan.FromSeconds(5));
        monitor.Evaluate(s_healthy with { KeysStored = 99 });
        Assert.True(Get(monitor, LinkAlarmMonitor.KeyStoreLow).IsActive);
        monitor.Evaluate(s_healthy with { KeysStored = 105 });
        Assert.True(Get(monitor, LinkAlarmMonitor.KeyStoreLow).IsActive);
        monitor.Evaluate(s_healthy with { KeysStored = 110 });
        Assert.False(Get(monitor, LinkAlarmMonitor.KeyStoreLow).IsActive);
    }

    [Fact]
    public void The_peer_alarm_is_raised_by_silence_or_a_failure_streak_and_cleared_by_traffic()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor(o => { o.PeerSilenceSeconds = 30; o.PeerFailureStreak = 3; });
        monitor.Evaluate(s_healthy with { PeerFramesReceived = 10 });
        time.Advance(TimeSpan.FromSeconds(30));
        monitor.Evaluate(s_healthy with { PeerFramesReceived = 10 });
        Assert.Contains("no frame", Get(monitor, LinkAlarmMonitor.PeerUnreachable).Message, StringComparison.Ordinal);
        monitor.Evaluate(s_healthy with { PeerFramesReceived = 11 });
        Assert.False(Get(monitor, LinkAlarmMonitor.PeerUnreachable).IsActive);

        monitor.Evaluate(s_healthy with { PeerFramesReceived = 12, PeerFailures = 3 });
        Assert.Contains("3 peer channel failures", Get(monitor, LinkAlarmMonitor.PeerUnreachable).Message, StringComparison.Ordinal);
        monitor.Evaluate(s_healthy with { PeerFramesReceived = 13, PeerFailures = 3, PeerConnections = 2 });
        Assert.False(Get(monitor, LinkAlarmMonitor.PeerUnreachable).IsActive);
    }

    [Fact]
    public void A_stopped_link_raises_no_peer_or_key_rate_alarm()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor(o => { o.KeyRateTargetBitsPerSecond = 1000; o.StartupGraceSeconds = 0; o.KeyRateWindowSeconds = 5; });
        for (int s = 0; s < 60; s++)
        {
            monitor.Evaluate(s_healthy with { Running = false });
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.All(monitor.Alarms, a => Assert.False(a.IsActive));
    }

    [Fact]
    public void The_temperature_alarm_is_raised_out_of_range_or_without_an_answer()
    {
        (LinkAlarmMonitor monitor, _) = Monitor();
        monitor.Evaluate(s_healthy with { TemperatureCelsius = 41 });
        Assert.Contains("bob-detector at 41.0 °C", Get(monitor, LinkAlarmMonitor.Temperature).Message, StringComparison.Ordinal);
        monitor.Evaluate(s_healthy with { TemperatureCelsius = 39.8 });
        Assert.True(Get(monitor, LinkAlarmMonitor.Temperature).IsActive);
        monitor.Evaluate(s_healthy with { TemperatureCelsius = 39.5 });
        Assert.False(Get(monitor, LinkAlarmMonitor.Temperature).IsActive);
        monitor.Evaluate(s_healthy with { TemperatureCelsius = double.NaN });
        Assert.Contains("does not answer", Get(monitor, LinkAlarmMonitor.Temperature).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_time_sync_alarm_follows_the_timebase_state()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor();
        monitor.Evaluate(s_healthy with { Sync = TimebaseState.Locked, SyncUncertaintyPs = 20 });
        Assert.False(Get(monitor, LinkAlarmMonitor.TimeSync).IsActive);
        monitor.Evaluate(s_healthy with { Sync = TimebaseState.Holdover, SyncUncertaintyPs = 900 });
        Assert.Contains("Holdover (uncertainty 900 ps)", Get(monitor, LinkAlarmMonitor.TimeSync).Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(10));
        monitor.Evaluate(s_healthy with { Sync = TimebaseState.Locked });
        Assert.False(Get(monitor, LinkAlarmMonitor.TimeSync).IsActive);
    }

    [Fact]
    public void The_time_sync_alarm_is_raised_while_PTP_is_not_synchronised()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor();
        monitor.Evaluate(s_healthy with { Sync = TimebaseState.Locked, PtpProblem = "port Listening" });
        Assert.Equal("PTP not synchronised: port Listening", Get(monitor, LinkAlarmMonitor.TimeSync).Message);
        time.Advance(TimeSpan.FromSeconds(10));
        monitor.Evaluate(s_healthy with { Sync = TimebaseState.Locked });
        Assert.False(Get(monitor, LinkAlarmMonitor.TimeSync).IsActive);
    }

    [Fact]
    public void A_silent_detector_channel_raises_the_channel_alarm_until_it_clicks_again()
    {
        (LinkAlarmMonitor monitor, ManualTime time) = Monitor();
        monitor.Evaluate(s_healthy with { IdleChannel = 2 });
        Assert.Contains("detector channel 2", Get(monitor, LinkAlarmMonitor.DetectorChannel).Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(10));
        monitor.Evaluate(s_healthy);
        Assert.False(Get(monitor, LinkAlarmMonitor.DetectorChannel).IsActive);
        monitor.Evaluate(s_healthy with { IdleChannel = 1, Running = false });
        Assert.False(Get(monitor, LinkAlarmMonitor.DetectorChannel).IsActive);
    }

    [Fact]
    public void A_bad_alarm_setting_is_refused_at_start_up_with_a_message_naming_it()
    {
        var options = new TelemetryOptions { Alarms = { QberThreshold = 0.9, TemperatureMaxCelsius = 0 } };
        Microsoft.Extensions.Options.ValidateOptionsResult result = new TelemetryOptionsValidator().Validate(null, options);
        Assert.Contains(result.Failures!, f => f.StartsWith("Telemetry:Alarms:QberThreshold ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Telemetry:Alarms:TemperatureMaxCelsius ", StringComparison.Ordinal));
    }

    private static (LinkAlarmMonitor Monitor, ManualTime Time) Monitor(Action<AlarmOptions>? configure = null)
    {
        var options = new AlarmOptions { MinimumHoldSeconds = 0 };
        configure?.Invoke(options);
        var time = new ManualTime();
        return (new LinkAlarmMonitor("bob", options, time, NullLogger.Instance), time);
    }

    private static Alarm Get(LinkAlarmMonitor monitor, string name) => monitor.Alarms.Single(a => a.Name == name);

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public override long GetTimestamp() => _now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => _now += by;
    }
}
