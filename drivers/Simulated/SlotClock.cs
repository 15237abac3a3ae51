namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// How many slots Alice has sent by now in <see cref="SimulationPacing.RealTime"/>: the elapsed time since the link
/// epoch, read from the <see cref="TimeProvider"/>, divided by the slot period. Slot s is sent at s·P, so after an
/// elapsed time t the slots 0 .. floor(t / P) − 1 are complete. The epoch is the construction time, or a configured UTC
/// instant so that two processes count the same slots (then <see cref="StartSlot"/> is where this process joins).
/// </summary>
/// <remarks>Immutable and thread-safe (as the <see cref="TimeProvider"/> is).</remarks>
internal sealed class SlotClock
{
    private const long PicosecondsPerSecond = 1_000_000_000_000;

    private readonly TimeProvider _timeProvider;
    private readonly long _startTimestamp;
    private readonly long _slotPeriodPs;

    public SlotClock(TimeProvider timeProvider, long slotPeriodPs, DateTimeOffset? epoch = null)
    {
        _timeProvider = timeProvider;
        _startTimestamp = timeProvider.GetTimestamp();
        _slotPeriodPs = slotPeriodPs;
        if (epoch is { } start)
        {
            // Whole ticks (100 ns) since the epoch, as picoseconds, in slots: the slot this process starts at.
            long ticks = Math.Max(0, (timeProvider.GetUtcNow() - start).Ticks);
            StartSlot = (long)((Int128)ticks * 100_000 / slotPeriodPs);
        }
    }

    /// <summary>The first slot this process sees: 0, or the slots already elapsed since a configured epoch.</summary>
    public long StartSlot { get; }

    /// <summary>Slots completed since the epoch (<see cref="StartSlot"/> before the clock moves).</summary>
    public long SlotsElapsed()
    {
        long elapsed = _timeProvider.GetTimestamp() - _startTimestamp;
        if (elapsed <= 0)
        {
            return StartSlot;
        }

        // Integer arithmetic in 128 bits: exact, where a double of picoseconds would round after about 2.5 hours.
        Int128 elapsedPs = (Int128)elapsed * PicosecondsPerSecond / _timeProvider.TimestampFrequency;
        Int128 slots = StartSlot + (elapsedPs / _slotPeriodPs);
        return slots > long.MaxValue ? long.MaxValue : (long)slots;
    }

    /// <summary>Seconds since construction, for slow drifts.</summary>
    public double ElapsedSeconds() =>
        (double)(_timeProvider.GetTimestamp() - _startTimestamp) / _timeProvider.TimestampFrequency;
}
