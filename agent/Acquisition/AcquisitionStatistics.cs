namespace NodeAgent.Acquisition;

/// <summary>A snapshot of an <see cref="AcquisitionReader"/>'s counters (each read atomically, not all at one instant).</summary>
/// <param name="Reads">Tagger reads made.</param>
/// <param name="PublishedEvents">Events put into the ring.</param>
/// <param name="DroppedEvents">Events read from the device and discarded because the ring was full (DropNewest).</param>
/// <param name="DeviceLostEvents">Events the device itself reported lost (its FIFO overflowed).</param>
/// <param name="FullWaits">Polls that found the ring full and did not read the device (Wait).</param>
/// <param name="ReadErrors">Tagger reads that threw; the reader backs off and carries on.</param>
/// <param name="PeakRingFill">Most events ever waiting in the ring: how close the consumer came to causing drops
/// (size <see cref="AcquisitionOptions.RingCapacity"/> from it).</param>
public readonly record struct AcquisitionStatistics(
    long Reads, long PublishedEvents, long DroppedEvents, long DeviceLostEvents, long FullWaits, long ReadErrors,
    long PeakRingFill)
{
    /// <summary>Every event lost on the way, wherever it was lost.</summary>
    public long TotalLostEvents => DroppedEvents + DeviceLostEvents;
}
