namespace NodeAgent.Acquisition;

/// <summary>What the reader does when the pipeline falls behind and the ring is full.</summary>
public enum RingFullPolicy
{
    /// <summary>
    /// Keep draining the device and discard what does not fit, counted in
    /// <see cref="AcquisitionStatistics.DroppedEvents"/>: the device never overflows and the newest events are lost.
    /// </summary>
    DropNewest,

    /// <summary>
    /// Back-pressure: stop reading the device until the consumer frees space. The device's own FIFO absorbs the
    /// burst; if it overflows, the loss comes back as the tagger's <c>LostEvents</c>.
    /// </summary>
    Wait,
}
