using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Alice's record of what she sent. Every slot's pulse is recomputed from (seed, slot) by <see cref="PulseSchedule"/>,
/// so the record holds no memory and has no lower edge: the window is every slot already sent.
/// </summary>
/// <remarks>
/// A slot counts as sent once the tagger has simulated it or, with <see cref="SimulationPacing.RealTime"/>, once the
/// clock has passed it (so Alice's side also works in a process that never reads the tagger). Thread-safe: it only
/// reads published counters and the clock.
/// </remarks>
internal sealed class SimulatedTransmitterRecord : ITransmitterRecord
{
    private readonly PulseSchedule _schedule;
    private readonly SimulatedTimeTagger _tagger;
    private readonly SlotClock? _slotClock;

    public SimulatedTransmitterRecord(PulseSchedule schedule, SimulatedTimeTagger tagger, SlotClock? slotClock, long slotPeriodPs)
    {
        _schedule = schedule;
        _tagger = tagger;
        _slotClock = slotClock;
        SlotPeriodPicoseconds = slotPeriodPs;
    }

    public long SlotPeriodPicoseconds { get; }

    public required IntensityLevels Intensities { get; init; }

    /// <summary>Slots sent so far: every slot in [0, SlotsSent) can be looked up.</summary>
    public long SlotsSent => _slotClock is null
        ? _tagger.SlotsSimulated
        : Math.Max(_tagger.SlotsSimulated, _slotClock.SlotsElapsed());

    public bool TryLookup(ReadOnlySpan<long> slots, Span<SentPulse> destination)
    {
        if (destination.Length < slots.Length)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} pulses but {slots.Length} slots were asked for.",
                nameof(destination));
        }

        long sent = SlotsSent;
        for (int i = 0; i < slots.Length; i++)
        {
            long slot = slots[i];
            if ((ulong)slot >= (ulong)sent)
            {
                return false; // negative (wraps to a huge unsigned value) or not sent yet
            }

            destination[i] = _schedule.PulseAt(slot);
        }

        return true;
    }
}
