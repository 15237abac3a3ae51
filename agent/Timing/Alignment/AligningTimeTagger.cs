using System.Buffers;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Timing;

namespace NodeAgent.Timing.Alignment;

/// <summary>
/// Puts slot alignment in front of a tagger: until the grid is locked it withholds the detections (collecting their
/// ticks for <see cref="SlotAligner"/>); once locked it passes them on, tracks drift through <see cref="Timebase"/>,
/// and drops detections in the pattern's blank slots (public, never key). Re-acquires when the lock is lost.
/// </summary>
/// <remarks>
/// Not thread-safe, like any <see cref="ITimeTagger"/>: one reader thread. <see cref="LastResult"/>, the counters and
/// <see cref="Timebase"/>'s state may be read from any thread. <see cref="AlignmentAttempted"/> runs on the reader
/// thread.
/// </remarks>
public sealed class AligningTimeTagger : ITimeTagger, IDisposable
{
    private readonly ITimeTagger _inner;
    private readonly ITimebase _prior;
    private readonly SlotAligner _aligner;
    private readonly int _target;
    private readonly long _maxSpanTicks;
    private readonly long _gatePs;
    private long[] _ticks;
    private int _held;
    private volatile AlignmentResult? _last;
    private long _withheld;
    private long _blankSlotDetections;
    private long _attempts;

    /// <param name="inner">The tagger whose detections are aligned.</param>
    /// <param name="prior">What ticks mean before alignment, to within the options' offset range.</param>
    /// <param name="options">Validated here.</param>
    public AligningTimeTagger(ITimeTagger inner, ITimebase prior, SlotAlignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(prior);
        _aligner = new SlotAligner(options);
        _inner = inner;
        _prior = prior;
        _target = options.AcquisitionDetections;
        _maxSpanTicks = (long)(options.AcquisitionSeconds * 1e12 / options.TickPicoseconds);
        _gatePs = options.GatePs;
        _ticks = ArrayPool<long>.Shared.Rent(_target);
        Timebase = new AlignedTimebase(options.SlotPeriodPs, options.GatePs, options.TrackingDetections);
    }

    /// <summary>Raised on the reader thread after every alignment attempt, successful or not.</summary>
    public event Action<AlignmentResult>? AlignmentAttempted;

    /// <summary>Ticks → shared time as aligned; give it to the slotter in place of the tagger's own timebase.</summary>
    public AlignedTimebase Timebase { get; }

    /// <summary>The most recent attempt (null before the first).</summary>
    public AlignmentResult? LastResult => _last;

    /// <summary>Detections held back while no lock was held.</summary>
    public long WithheldDetections => Interlocked.Read(ref _withheld);

    /// <summary>Detections dropped because they fell in a blank sync slot.</summary>
    public long BlankSlotDetections => Interlocked.Read(ref _blankSlotDetections);

    /// <summary>Alignment attempts so far.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    public int ChannelCount => _inner.ChannelCount;

    public double TickPicoseconds => _inner.TickPicoseconds;

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        TaggerReadResult read = _inner.Read(destination);
        Span<DetectionEvent> events = destination[..read.Count];
        if (Timebase.State != TimebaseState.Locked)
        {
            Collect(events);
            return new TaggerReadResult(0, read.LostEvents);
        }

        if (!Timebase.Observe(events))
        {
            _held = 0;
            Collect(events);
            return new TaggerReadResult(0, read.LostEvents);
        }

        int kept = 0;
        long blank = 0;
        foreach (DetectionEvent detection in events)
        {
            if (SyncPattern.IsBlank(Timebase.NearestSlot(detection.Tick)))
            {
                blank++;
                continue;
            }

            destination[kept++] = detection;
        }

        Interlocked.Add(ref _blankSlotDetections, blank);
        return new TaggerReadResult(kept, read.LostEvents);
    }

    public void Dispose()
    {
        long[] ticks = Interlocked.Exchange(ref _ticks, []);
        if (ticks.Length > 0)
        {
            ArrayPool<long>.Shared.Return(ticks);
        }
    }

    private void Collect(ReadOnlySpan<DetectionEvent> events)
    {
        Interlocked.Add(ref _withheld, events.Length);
        foreach (DetectionEvent detection in events)
        {
            if (Timebase.State == TimebaseState.Locked)
            {
                return; // locked by this batch: the rest is withheld, tracking starts with the next read
            }

            _ticks[_held++] = detection.Tick;
            if (_held >= _target || _ticks[_held - 1] - _ticks[0] >= _maxSpanTicks)
            {
                Attempt();
            }
        }
    }

    private void Attempt()
    {
        Interlocked.Increment(ref _attempts);
        // After a lost lock the last mapping is a better prior than the free-running clock.
        ITimebase prior = Timebase.HasMapping ? Timebase : _prior;
        AlignmentResult result = _aligner.Acquire(_ticks.AsSpan(0, _held), prior);
        _held = 0;
        _last = result;
        if (result.IsLocked)
        {
            Timebase.Lock(result.Mapping, _gatePs / Math.Sqrt(Math.Max(1, result.GatedDetections)));
        }

        AlignmentAttempted?.Invoke(result);
    }
}
