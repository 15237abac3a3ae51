namespace NodeAgent.Drivers.Hardware.FifoTagger;

/// <summary>The two type bits (63..62) of a FIFO tagger word; see <see cref="FifoWord"/>.</summary>
public enum FifoWordType
{
    /// <summary>A detection: channel, coarse counter, fine time.</summary>
    Timestamp = 0,

    /// <summary>The coarse counter wrapped; the payload is the new epoch (count of wraps since reset).</summary>
    Rollover = 1,

    /// <summary>The device's FIFO overflowed; the payload is the number of events it dropped.</summary>
    Overflow = 2,

    /// <summary>The FIFO is empty; the rest of the burst is padding.</summary>
    Idle = 3,
}
