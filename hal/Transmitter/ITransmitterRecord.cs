namespace NodeAgent.Hal.Transmitter;

/// <summary>
/// The transmitter's (Alice's) record of what it sent in each slot: the random basis, bit and intensity choices that
/// drove its modulators. A hardware transmitter keeps a bounded window of recent slots.
/// </summary>
/// <remarks>Safe to call from one thread at a time.</remarks>
public interface ITransmitterRecord
{
    /// <summary>Slot period in picoseconds (the inverse of the repetition rate).</summary>
    long SlotPeriodPicoseconds { get; }

    /// <summary>The calibrated intensities and their probabilities.</summary>
    IntensityLevels Intensities { get; }

    /// <summary>
    /// Looks up what was sent in each of <paramref name="slots"/>. Returns false, writing nothing meaningful, when any
    /// slot is outside the retained window (not yet sent, or already forgotten).
    /// </summary>
    bool TryLookup(ReadOnlySpan<long> slots, Span<SentPulse> destination);
}
