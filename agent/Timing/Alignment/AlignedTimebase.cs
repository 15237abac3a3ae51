using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Timing;

namespace NodeAgent.Timing.Alignment;

/// <summary>
/// The receiver's timebase as slot alignment establishes it: ticks map to shared time through a
/// <see cref="SlotMapping"/> set by <see cref="Lock"/> and then tracked from the detections themselves.
/// </summary>
/// <remarks>
/// <para>
/// Tracking: every detection within the gate contributes its residual r (fractional slot position minus the nearest
/// slot) against its tick; after <see cref="SlotAlignerOptions.TrackingDetections"/> of them a straight-line fit
/// r = a + b·(tick − t0) moves the phase by a and the period by b, re-anchored at the batch's last tick. So drift of
/// either clock is followed without the pattern. The pattern still checks the lock: when locked, blank slots receive
/// only dark counts; when one batch puts more than half the random share (1/64) of its gated detections in blank
/// slots, the lock is declared lost.
/// </para>
/// <para>
/// <see cref="Observe"/> and <see cref="ToSharedPicoseconds"/> are for the one reader thread; <see cref="State"/>,
/// <see cref="UncertaintyPicoseconds"/> and the counters may be read from any thread (the mapping is published as an
/// immutable snapshot).
/// </para>
/// </remarks>
public sealed class AlignedTimebase : ITimebase
{
    private readonly long _periodPs;
    private readonly long _gatePs;
    private readonly int _batch;
    private volatile Snapshot _current = new(default, TimebaseState.Unlocked, double.PositiveInfinity);

    private long _origin;
    private int _n;
    private int _blankHits;
    private double _sx, _sy, _sxx, _sxy, _syy;
    private long _lastTick;
    private long _trackingUpdates;
    private long _lockLosses;

    public AlignedTimebase(long slotPeriodPs, long gatePs, int trackingDetections)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotPeriodPs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gatePs);
        ArgumentOutOfRangeException.ThrowIfLessThan(trackingDetections, 2);
        _periodPs = slotPeriodPs;
        _gatePs = gatePs;
        _batch = trackingDetections;
    }

    public TimebaseState State => _current.State;

    public double UncertaintyPicoseconds => _current.UncertaintyPs;

    /// <summary>The current map from ticks to slots (default before the first lock).</summary>
    public SlotMapping Mapping => _current.Mapping;

    /// <summary>True once a mapping has been set (even if the lock was lost since).</summary>
    public bool HasMapping => _current.Mapping.TicksPerSlot > 0;

    /// <summary>Tracking updates applied since construction.</summary>
    public long TrackingUpdates => Interlocked.Read(ref _trackingUpdates);

    /// <summary>Times the blank-slot check declared the lock lost.</summary>
    public long LockLosses => Interlocked.Read(ref _lockLosses);

    public long ToSharedPicoseconds(long tick) => _current.Mapping.ToSharedPicoseconds(tick, _periodPs);

    /// <summary>Absolute slot nearest to <paramref name="tick"/> under the current mapping.</summary>
    public long NearestSlot(long tick)
    {
        SlotMapping mapping = _current.Mapping;
        return mapping.AnchorSlot + (long)Math.Round(mapping.RelativeSlot(tick));
    }

    /// <summary>Starts tracking from a fresh alignment.</summary>
    public void Lock(SlotMapping mapping, double uncertaintyPs)
    {
        ResetBatch();
        _current = new Snapshot(mapping, TimebaseState.Locked, uncertaintyPs);
    }

    /// <summary>Keeps the last mapping but marks it untrusted (re-acquisition under way).</summary>
    public void Release() => _current = _current with { State = TimebaseState.Holdover };

    /// <summary>Tracks from a batch of detections (ascending ticks); false when the lock was lost in this batch.</summary>
    public bool Observe(ReadOnlySpan<DetectionEvent> events)
    {
        if (_current.State != TimebaseState.Locked)
        {
            return false;
        }

        foreach (DetectionEvent detection in events)
        {
            SlotMapping mapping = _current.Mapping;
            double relative = mapping.RelativeSlot(detection.Tick);
            double nearest = Math.Round(relative);
            double residual = relative - nearest;
            if (2 * Math.Abs(residual) * _periodPs > _gatePs)
            {
                continue;
            }

            if (_n == 0)
            {
                _origin = detection.Tick;
            }

            double x = detection.Tick - _origin;
            _n++;
            _sx += x;
            _sy += residual;
            _sxx += x * x;
            _sxy += x * residual;
            _syy += residual * residual;
            _lastTick = detection.Tick;
            _blankHits += SyncPattern.IsBlank(mapping.AnchorSlot + (long)nearest) ? 1 : 0;
            if (_n >= _batch && !Update())
            {
                return false;
            }
        }

        return true;
    }

    private bool Update()
    {
        Snapshot current = _current;
        // More than half the share a misaligned grid would put in blanks: not the slots Alice blanked.
        if (_blankHits * 2L * SyncPattern.BlankOneIn > _n)
        {
            Interlocked.Increment(ref _lockLosses);
            _current = current with { State = TimebaseState.Holdover };
            ResetBatch();
            return false;
        }

        double n = _n;
        double variance = (n * _sxx) - (_sx * _sx);
        double slope = variance > 0 ? ((n * _sxy) - (_sx * _sy)) / variance : 0; // slots per tick
        double intercept = (_sy - (slope * _sx)) / n;
        double residualAtEnd = intercept + (slope * (_lastTick - _origin));
        double spread = Math.Sqrt(Math.Max(0, (_syy / n) - ((_sy / n) * (_sy / n)))) * _periodPs;

        // Slot position p(tick) − r(tick) is the corrected map: period 1/(1/T − b), shifted by −r at the anchor.
        double ticksPerSlot = 1.0 / ((1.0 / current.Mapping.TicksPerSlot) - slope);
        SlotMapping next = current.Mapping.Reanchored(_lastTick, -residualAtEnd, ticksPerSlot);
        _current = new Snapshot(next, TimebaseState.Locked, spread / Math.Sqrt(n));
        Interlocked.Increment(ref _trackingUpdates);
        ResetBatch();
        return true;
    }

    private void ResetBatch()
    {
        _n = 0;
        _blankHits = 0;
        _sx = _sy = _sxx = _sxy = _syy = 0;
    }

    private sealed record Snapshot(SlotMapping Mapping, TimebaseState State, double UncertaintyPs);
}
