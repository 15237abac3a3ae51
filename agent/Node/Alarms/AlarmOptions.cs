namespace NodeAgent.Node.Alarms;

/// <summary>
/// Thresholds of the link alarms (configuration section <c>Telemetry:Alarms</c>). Each alarm raises at one threshold
/// and clears at another (hysteresis), and stays active at least <see cref="MinimumHoldSeconds"/>.
/// </summary>
public sealed class AlarmOptions
{
    /// <summary>Shortest time an alarm stays active once raised, in seconds.</summary>
    public double MinimumHoldSeconds { get; set; } = 10;

    /// <summary>
    /// Time after start (and after the link is started again) in which the key rate and key store alarms are not
    /// raised: a link needs a few blocks before it has a rate or keys.
    /// </summary>
    public double StartupGraceSeconds { get; set; } = 60;

    /// <summary>QBER above which the QBER alarm is raised (besides every block the pipeline discards for its QBER).</summary>
    public double QberThreshold { get; set; } = 0.11;

    /// <summary>The QBER alarm clears at <see cref="QberThreshold"/> minus this.</summary>
    public double QberClearMargin { get; set; } = 0.01;

    /// <summary>Secret key rate, bits per second, below which the key rate alarm is raised (0: no alarm).</summary>
    public double KeyRateTargetBitsPerSecond { get; set; }

    /// <summary>The sliding window the key rate is averaged over, in seconds.</summary>
    public double KeyRateWindowSeconds { get; set; } = 60;

    /// <summary>The key rate alarm clears at the target times (1 + this).</summary>
    public double KeyRateClearMargin { get; set; } = 0.1;

    /// <summary>Keys stored below which the key store alarm is raised (0: no alarm); it clears 10 % (at least one key) above.</summary>
    public int KeyStoreLowCount { get; set; }

    /// <summary>
    /// Authentication pads left for sending below which the authentication-key alarm is raised (0: no alarm); it clears
    /// 10 % above. Each block sets pads aside, so a falling pool means blocks are not being committed; an empty one
    /// stops the channel until an operator brings a fresh bootstrap.
    /// </summary>
    public long AuthenticationPadsLow { get; set; } = 4096;

    /// <summary>Seconds without a frame from the peer after which the peer is reported unreachable.</summary>
    public double PeerSilenceSeconds { get; set; } = 30;

    /// <summary>Peer channel failures in a row (no session established in between) that report the peer unreachable.</summary>
    public int PeerFailureStreak { get; set; } = 5;

    /// <summary>Lowest temperature of the end's sensor, °C, before the temperature alarm is raised.</summary>
    public double TemperatureMinCelsius { get; set; } = 5;

    /// <summary>Highest temperature of the end's sensor, °C, before the temperature alarm is raised.</summary>
    public double TemperatureMaxCelsius { get; set; } = 40;

    /// <summary>The temperature alarm clears this far inside the range, °C.</summary>
    public double TemperatureHysteresisCelsius { get; set; } = 0.5;
}
