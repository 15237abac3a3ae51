using NodeAgent.Hal.Timing;

namespace NodeAgent.Timing.Servo;

/// <summary>
/// Maps tagger ticks to shared (PTP) time from reference pairs (<see cref="CrossTimestamp"/>: PPS edges or periodic
/// cross-timestamps): a least-squares line through the newest <see cref="TimebaseServoOptions.Window"/> pairs gives
/// the offset and the frequency (picoseconds per tick). Without references the last line is kept (holdover) and the
/// uncertainty grows; above <see cref="TimebaseServoOptions.MaxUncertaintyPs"/> the timebase reports Unlocked.
/// </summary>
/// <remarks>
/// <para>
/// Model: shared = s_n + a + b·(tick − t_n) around the newest reference n. With residual standard deviation s over k
/// pairs, the one-sigma uncertainty of the map t seconds after the newest reference is
/// sqrt(σ_a² + (σ_b·Δticks)²) + ½·w·t², where σ_a = s·sqrt(1/k + x̄²/Sxx), σ_b = s/sqrt(Sxx), Δticks the ticks since
/// (taken as t at the fitted rate) and w the oscillator's frequency wander in holdover. A least-squares line over a
/// window is the fixed-gain limit of a Kalman filter with a random-walk-free clock: simple, and honest about its
/// uncertainty, which is what slot alignment and the alarms need.
/// </para>
/// <para>
/// A reference farther than <see cref="TimebaseServoOptions.OutlierPs"/> from the prediction is dropped and counted;
/// three in a row that agree with each other mean the time scale stepped, and the window restarts from them.
/// </para>
/// <para>
/// <see cref="AddReference"/> is for one thread; <see cref="ToSharedPicoseconds"/>, <see cref="State"/> and
/// <see cref="UncertaintyPicoseconds"/> may be called from any thread (the fit is published as an immutable snapshot).
/// </para>
/// </remarks>
public sealed class TimebaseServo : ITimebase
{
    private const int StepConfirmations = 3;

    private readonly TimeProvider _time;
    private readonly double _nominalPsPerTick;
    private readonly CrossTimestamp[] _window;
    private readonly long _timeoutTicks;
    private readonly double _noisePs;
    private readonly double _driftPerSecond2;
    private readonly double _maxUncertaintyPs;
    private readonly double _outlierPs;
    private readonly List<CrossTimestamp> _suspects = [];
    private int _count;
    private int _next;
    private volatile Fit? _fit;
    private long _outliers;
    private long _steps;

    /// <exception cref="ArgumentException">The options do not validate.</exception>
    public TimebaseServo(TimebaseServoOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _nominalPsPerTick = options.TickPicoseconds;
        _window = new CrossTimestamp[options.Window];
        _timeoutTicks = (long)(options.ReferenceTimeoutSeconds * time.TimestampFrequency);
        _noisePs = options.ReferenceNoisePs;
        _driftPerSecond2 = 0.5 * options.HoldoverDriftPpbPerSecond * 1e-9 * 1e12; // ½·w in ps/s²
        _maxUncertaintyPs = options.MaxUncertaintyPs;
        _outlierPs = options.OutlierPs;
    }

    public TimebaseState State
    {
        get
        {
            Fit? fit = _fit;
            if (fit is null || Uncertainty(fit) > _maxUncertaintyPs)
            {
                return TimebaseState.Unlocked;
            }

            return _time.GetTimestamp() - fit.Timestamp > _timeoutTicks ? TimebaseState.Holdover : TimebaseState.Locked;
        }
    }

    public double UncertaintyPicoseconds => _fit is { } fit ? Uncertainty(fit) : double.PositiveInfinity;

    /// <summary>Estimated frequency error of the tagger against shared time, in ppm (positive: ticks run fast).</summary>
    public double FrequencyErrorPpm => _fit is { } fit ? ((_nominalPsPerTick / fit.PsPerTick) - 1) * 1e6 : 0;

    /// <summary>References dropped as outliers.</summary>
    public long Outliers => Interlocked.Read(ref _outliers);

    /// <summary>Time steps accepted (the window restarted).</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Shared picoseconds of <paramref name="tick"/>; before two references, the nominal tick length.</summary>
    public long ToSharedPicoseconds(long tick) => _fit is { } fit
        ? fit.SharedRef + (long)Math.Round(fit.OffsetPs + ((tick - fit.TickRef) * fit.PsPerTick))
        : (long)Math.Round(tick * _nominalPsPerTick);

    /// <summary>Adds a reference pair (ascending ticks) and refits.</summary>
    public void AddReference(CrossTimestamp reference)
    {
        Fit? fit = _fit;
        if (fit is not null && _count >= 2)
        {
            double predicted = fit.SharedRef + fit.OffsetPs + ((reference.Tick - fit.TickRef) * fit.PsPerTick);
            if (Math.Abs(reference.SharedPicoseconds - predicted) > _outlierPs)
            {
                Interlocked.Increment(ref _outliers);
                if (_suspects.Count > 0)
                {
                    // Only suspects that agree with each other (at the fitted rate) make a step.
                    CrossTimestamp previous = _suspects[^1];
                    double fromPrevious = previous.SharedPicoseconds + ((reference.Tick - previous.Tick) * fit.PsPerTick);
                    if (Math.Abs(reference.SharedPicoseconds - fromPrevious) > _outlierPs)
                    {
                        _suspects.Clear();
                    }
                }

                _suspects.Add(reference);
                if (_suspects.Count < StepConfirmations)
                {
                    return;
                }

                // Consistent "outliers": the reference scale stepped. Start over from them.
                Interlocked.Increment(ref _steps);
                _count = 0;
                _next = 0;
                foreach (CrossTimestamp suspect in _suspects)
                {
                    Push(suspect);
                }

                _suspects.Clear();
                Refit();
                return;
            }
        }

        _suspects.Clear();
        Push(reference);
        Refit();
    }

    private void Push(CrossTimestamp reference)
    {
        _window[_next] = reference;
        _next = (_next + 1) % _window.Length;
        _count = Math.Min(_count + 1, _window.Length);
    }

    private void Refit()
    {
        CrossTimestamp newest = _window[(_next - 1 + _window.Length) % _window.Length];
        long now = _time.GetTimestamp();
        if (_count < 2)
        {
            _fit = null;
            return;
        }

        // Centred sums relative to the newest pair keep every term small and exact enough in a double.
        double n = _count, sx = 0, sy = 0;
        for (int i = 0; i < _count; i++)
        {
            sx += _window[i].Tick - newest.Tick;
            sy += _window[i].SharedPicoseconds - newest.SharedPicoseconds;
        }

        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        for (int i = 0; i < _count; i++)
        {
            double dx = _window[i].Tick - newest.Tick - mx;
            double dy = _window[i].SharedPicoseconds - newest.SharedPicoseconds - my;
            sxx += dx * dx;
            sxy += dx * dy;
        }

        if (sxx <= 0)
        {
            return; // repeated ticks: nothing new to fit
        }

        double slope = sxy / sxx;
        double offset = my - (slope * mx); // fitted shared time at the newest tick, relative to its reference value
        double ss = 0;
        for (int i = 0; i < _count; i++)
        {
            double r = _window[i].SharedPicoseconds - newest.SharedPicoseconds - (offset + (slope * (_window[i].Tick - newest.Tick)));
            ss += r * r;
        }

        double s = _count > 2 ? Math.Max(Math.Sqrt(ss / (n - 2)), 1e-3) : _noisePs;
        double sigmaOffset = s * Math.Sqrt((1 / n) + (mx * mx / sxx));
        double sigmaSlope = s / Math.Sqrt(sxx);
        _fit = new Fit(newest.Tick, newest.SharedPicoseconds, offset, slope, sigmaOffset, sigmaSlope, now);
    }

    private double Uncertainty(Fit fit)
    {
        double seconds = Math.Max(0, (double)(_time.GetTimestamp() - fit.Timestamp) / _time.TimestampFrequency);
        double ticksSince = seconds * 1e12 / fit.PsPerTick;
        double frequencyPart = fit.SigmaSlope * ticksSince;
        return Math.Sqrt((fit.SigmaOffset * fit.SigmaOffset) + (frequencyPart * frequencyPart)) + (_driftPerSecond2 * seconds * seconds);
    }

    private sealed record Fit(long TickRef, long SharedRef, double OffsetPs, double PsPerTick, double SigmaOffset, double SigmaSlope, long Timestamp);
}
