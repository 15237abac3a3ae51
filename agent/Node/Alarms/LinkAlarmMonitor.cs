using System.Globalization;
using Microsoft.Extensions.Logging;
using NodeAgent.Hal.Timing;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Alarms;

/// <summary>
/// The operator alarms of one link end, evaluated once per publish period from <see cref="LinkAlarmInputs"/>:
/// QBER, detection statistics, secret key rate, key store low, peer unreachable, temperature, time sync, a dead
/// detector channel and authentication pads running low. Each raise is logged once at Warning and each clear once at
/// Information.
/// </summary>
/// <remarks>
/// <see cref="Evaluate"/> has one caller (the telemetry loop); <see cref="QberThreshold"/> and
/// <see cref="KeyRateTarget"/> may be set from any thread (operator commands) and take effect at the next evaluation.
/// </remarks>
public sealed partial class LinkAlarmMonitor
{
    /// <summary>Test-basis QBER too high: possible eavesdropping.</summary>
    public const string Qber = "QBER";

    /// <summary>Detection rates of the intensities do not fit a passive channel: possible detector control.</summary>
    public const string DetectionStatistics = "Detection statistics";

    /// <summary>Secret key rate over the window below the target.</summary>
    public const string KeyRate = "Key rate";

    /// <summary>Too few keys in the store.</summary>
    public const string KeyStoreLow = "Key store low";

    /// <summary>No frame from the peer for a while, or repeated failures to hold a session.</summary>
    public const string PeerUnreachable = "Peer unreachable";

    /// <summary>The end's temperature sensor out of range, or not answering.</summary>
    public const string Temperature = "Temperature";

    /// <summary>The end's timebase is not locked to its reference (PTP, PPS or the quantum signal).</summary>
    public const string TimeSync = "Time sync";

    /// <summary>A detector channel gave no detection over a period in which the others did.</summary>
    public const string DetectorChannel = "Detector channel";

    /// <summary>Few authentication pads left: the classical channel stops when they run out.</summary>
    public const string AuthenticationKey = "Authentication key";

    private readonly string _end;
    private readonly AlarmOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Alarm _qber;
    private readonly Alarm _detection;
    private readonly Alarm _keyRate;
    private readonly Alarm _keyStore;
    private readonly Alarm _peer;
    private readonly Alarm _temperature;
    private readonly Alarm _sync;
    private readonly Alarm _channel;
    private readonly Alarm _authentication;
    private readonly Queue<(long Timestamp, long SecretBits)> _secretBits = new();
    private double _qberThreshold;
    private double _keyRateTarget;
    private long _startedAt;
    private long _lastContact;
    private long _lastFrames;
    private long _lastConnections;
    private long _failuresAtConnect;

    /// <summary>All alarms inactive; the start-up grace period begins now.</summary>
    public LinkAlarmMonitor(string end, AlarmOptions options, TimeProvider time, ILogger logger)
    {
        _end = end;
        _options = options;
        _time = time;
        _logger = logger;
        TimeSpan hold = TimeSpan.FromSeconds(options.MinimumHoldSeconds);
        _qber = new Alarm(Qber, hold, time);
        _detection = new Alarm(DetectionStatistics, hold, time);
        _keyRate = new Alarm(KeyRate, hold, time);
        _keyStore = new Alarm(KeyStoreLow, hold, time);
        _peer = new Alarm(PeerUnreachable, hold, time);
        _temperature = new Alarm(Temperature, hold, time);
        _sync = new Alarm(TimeSync, hold, time);
        _channel = new Alarm(DetectorChannel, hold, time);
        _authentication = new Alarm(AuthenticationKey, hold, time);
        Alarms = [_qber, _detection, _keyRate, _keyStore, _peer, _temperature, _sync, _channel, _authentication];
        _qberThreshold = options.QberThreshold;
        _keyRateTarget = options.KeyRateTargetBitsPerSecond;
        _startedAt = time.GetTimestamp();
        _lastContact = _startedAt;
    }

    /// <summary>The names of the alarms, in publishing order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Qber, DetectionStatistics, KeyRate, KeyStoreLow, PeerUnreachable, Temperature, TimeSync, DetectorChannel, AuthenticationKey];

    /// <summary>The alarms, in the order of <see cref="Names"/>.</summary>
    public IReadOnlyList<Alarm> Alarms { get; }

    /// <summary>QBER above which the QBER alarm is raised (0–0.5).</summary>
    public double QberThreshold
    {
        get => Volatile.Read(ref _qberThreshold);
        set => Volatile.Write(ref _qberThreshold, value);
    }

    /// <summary>Secret bits per second below which the key rate alarm is raised (0: off).</summary>
    public double KeyRateTarget
    {
        get => Volatile.Read(ref _keyRateTarget);
        set => Volatile.Write(ref _keyRateTarget, value);
    }

    /// <summary>Evaluates every alarm on <paramref name="inputs"/>, logging the transitions.</summary>
    public void Evaluate(in LinkAlarmInputs inputs)
    {
        long now = _time.GetTimestamp();
        if (!inputs.Running)
        {
            // A link stopped on purpose has no rate and no peer traffic to speak of; it gets a fresh grace period
            // when started again.
            _startedAt = now;
            _lastContact = now;
            _secretBits.Clear();
        }

        bool inGrace = _time.GetElapsedTime(_startedAt) < TimeSpan.FromSeconds(_options.StartupGraceSeconds);
        Apply(_qber, EvaluateQber(inputs));
        Apply(_detection, inputs.PipelineAlarm == LinkAlarm.DetectionStatistics
            ? (AlarmSignal.Raise, "detection statistics do not fit a passive channel: possible detector control; the block is discarded")
            : (AlarmSignal.Clear, ""));
        Apply(_keyRate, EvaluateKeyRate(inputs, now, inGrace));
        Apply(_keyStore, EvaluateKeyStore(inputs, inGrace));
        Apply(_peer, EvaluatePeer(inputs, now));
        Apply(_temperature, EvaluateTemperature(inputs));
        Apply(_sync, EvaluateSync(inputs));
        Apply(_channel, inputs.IdleChannel is { } idle && inputs.Running
            ? (AlarmSignal.Raise, Format($"detector channel {idle} gave no detection while the others did: dead or unplugged detector"))
            : (AlarmSignal.Clear, ""));
        long padsLow = _options.AuthenticationPadsLow;
        Apply(_authentication, inputs.AuthenticationPads is { } pads && padsLow > 0
            ? (Hysteresis.Below(pads, padsLow, padsLow + Math.Max(1, padsLow / 10)),
                Format($"{pads} authentication pads left, below {padsLow}: the peer channel stops when they run out"))
            : (AlarmSignal.Clear, ""));
    }

    private static (AlarmSignal, string) EvaluateSync(in LinkAlarmInputs inputs)
    {
        if (inputs.Sync is not (null or TimebaseState.Locked))
        {
            return (AlarmSignal.Raise, Format($"timebase {inputs.Sync} (uncertainty {inputs.SyncUncertaintyPs:0} ps): slot indices may disagree"));
        }

        // The host's clock off PTP: shared time (the link epoch, the servo's references) can no longer be trusted.
        return inputs.PtpProblem is { } ptp
            ? (AlarmSignal.Raise, $"PTP not synchronised: {ptp}")
            : (AlarmSignal.Clear, "");
    }

    private (AlarmSignal, string) EvaluateQber(in LinkAlarmInputs inputs)
    {
        double threshold = QberThreshold;
        double q = inputs.LastQber;
        if (inputs.PipelineAlarm == LinkAlarm.Qber)
        {
            return (AlarmSignal.Raise, Format($"QBER {q:P2} above the limit: possible eavesdropping; the block is discarded"));
        }

        if (double.IsNaN(q))
        {
            return (AlarmSignal.Clear, "");
        }

        // A threshold lowered by command below the margin still clears, at half the threshold.
        double clear = Math.Max(threshold - _options.QberClearMargin, threshold / 2);
        return (Hysteresis.Above(q, threshold, clear),
            Format($"QBER {q:P2} above the alarm threshold {threshold:P2}: possible eavesdropping"));
    }

    private (AlarmSignal, string) EvaluateKeyRate(in LinkAlarmInputs inputs, long now, bool inGrace)
    {
        TimeSpan window = TimeSpan.FromSeconds(_options.KeyRateWindowSeconds);
        _secretBits.Enqueue((now, inputs.SecretBits));

        // Keep one sample at or before the window's start, so the rate covers the whole window.
        while (_secretBits.Count > 2 && _time.GetElapsedTime(_secretBits.ElementAt(1).Timestamp, now) >= window)
        {
            _secretBits.Dequeue();
        }

        double target = KeyRateTarget;
        if (target <= 0 || !inputs.Running)
        {
            return (AlarmSignal.Clear, "");
        }

        (long oldest, long bits) = _secretBits.Peek();
        TimeSpan span = _time.GetElapsedTime(oldest, now);
        if (inGrace || span < window)
        {
            return (AlarmSignal.Hold, "");
        }

        double rate = (inputs.SecretBits - bits) / span.TotalSeconds;
        return (Hysteresis.Below(rate, target, target * (1 + _options.KeyRateClearMargin)),
            Format($"secret key rate {rate:0} bit/s over the last {span.TotalSeconds:0} s below the target {target:0} bit/s"));
    }

    private (AlarmSignal, string) EvaluateKeyStore(in LinkAlarmInputs inputs, bool inGrace)
    {
        int low = _options.KeyStoreLowCount;
        if (low <= 0)
        {
            return (AlarmSignal.Clear, "");
        }

        if (inGrace && !_keyStore.IsActive)
        {
            return (AlarmSignal.Hold, "");
        }

        return (Hysteresis.Below(inputs.KeysStored, low, low + Math.Max(1, low / 10)),
            Format($"{inputs.KeysStored} keys stored, below {low}"));
    }

    private (AlarmSignal, string) EvaluatePeer(in LinkAlarmInputs inputs, long now)
    {
        bool contact = inputs.PeerFramesReceived > _lastFrames;
        _lastFrames = inputs.PeerFramesReceived;
        if (contact || !inputs.Running)
        {
            _lastContact = now;
        }

        if (inputs.PeerConnections > _lastConnections)
        {
            _lastConnections = inputs.PeerConnections;
            _failuresAtConnect = inputs.PeerFailures;
        }

        long streak = inputs.PeerFailures - _failuresAtConnect;
        TimeSpan silence = _time.GetElapsedTime(_lastContact, now);
        if (!inputs.Running)
        {
            return (AlarmSignal.Clear, "");
        }

        if (streak >= _options.PeerFailureStreak)
        {
            return (AlarmSignal.Raise, Format($"{streak} peer channel failures since the last session"));
        }

        if (silence >= TimeSpan.FromSeconds(_options.PeerSilenceSeconds))
        {
            return (AlarmSignal.Raise, Format($"no frame from the peer for {silence.TotalSeconds:0} s"));
        }

        return contact ? (AlarmSignal.Clear, "") : (AlarmSignal.Hold, "");
    }

    private (AlarmSignal, string) EvaluateTemperature(in LinkAlarmInputs inputs)
    {
        if (inputs.TemperatureSensor is not { } sensor)
        {
            return (AlarmSignal.Clear, "");
        }

        double t = inputs.TemperatureCelsius;
        if (double.IsNaN(t))
        {
            return (AlarmSignal.Raise, $"temperature sensor {sensor} does not answer");
        }

        double min = _options.TemperatureMinCelsius;
        double max = _options.TemperatureMaxCelsius;
        double h = _options.TemperatureHysteresisCelsius;
        string message = Format($"{sensor} at {t:0.0} °C, outside [{min}, {max}] °C");
        AlarmSignal high = Hysteresis.Above(t, max, max - h);
        AlarmSignal low = Hysteresis.Below(t, min, min + h);
        AlarmSignal signal = high == AlarmSignal.Raise || low == AlarmSignal.Raise ? AlarmSignal.Raise
            : high == AlarmSignal.Clear && low == AlarmSignal.Clear ? AlarmSignal.Clear
            : AlarmSignal.Hold;
        return (signal, message);
    }

    private void Apply(Alarm alarm, (AlarmSignal Signal, string Message) evaluation)
    {
        switch (alarm.Update(evaluation.Signal, evaluation.Message))
        {
            case AlarmChange.Raised:
                LogRaised(_end, alarm.Name, alarm.Message);
                break;
            case AlarmChange.Cleared:
                LogCleared(_end, alarm.Name);
                break;
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{End}: alarm {Alarm} raised: {Text}")]
    private partial void LogRaised(string end, string alarm, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "{End}: alarm {Alarm} cleared")]
    private partial void LogCleared(string end, string alarm);
}
