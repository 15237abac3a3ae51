namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// How many slots Alice has sent by now in <see cref="SimulationPacing.RealTime"/>: the elapsed time since the link was
/// constructed, read from the <see cref="TimeProvider"/>, divided by the slot period. Slot s is sent at s·P, so after
/// an elapsed time t the slots 0 .. floor(t / P) − 1 are complete.
/// </summary>
/// <remarks>Immutable and thread-safe (as the <see cref="TimeProvider"/> is).</remarks>
internal sealed class SlotClock
{
    private const long PicosecondsPerSecond = 1_000_000_000_000;

    private readonly TimeProvider _timeProvider;
    private readonly long _startTimestamp;
    private readonly long _slotPeriodPs;

    public SlotClock(TimeProvider timeProvider, long slotPeriodPs)
    {
        _timeProvider = timeProvider;
        _startTimestamp = timeProvider.GetTimestamp();
        _slotPeriodPs = slotPeriodPs;
    }

    /// <summary>Slots completed since construction (0 before the clock moves).</summary>
    public long SlotsElapsed()
    {
        long elapsed = _timeProvider.GetTimestamp() - _startTimestamp;
        if (elapsed <= 0)
        {
            return 0;
        }

        // Integer arithmetic in 128 bits: exact, where a double of picoseconds would round after about 2.5 hours.
        Int128 elapsedPs = (Int128)elapsed * PicosecondsPerSecond / _timeProvider.TimestampFrequency;
        Int128 slots = elapsedPs / _slotPeriodPs;
        return slots > long.MaxValue ? long.MaxValue : (long)slots;
    }

    /// <summary>Seconds since construction, for slow drifts.</summary>
    public double ElapsedSeconds() =>
        (double)(_timeProvider.GetTimestamp() - _startTimestamp) / _timeProvider.TimestampFrequency;
}
