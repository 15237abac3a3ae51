using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Acquisition;

/// <summary>
/// The consumer end of an <see cref="AcquisitionReader"/> as an <see cref="ITimeTagger"/>: reads copy out of the ring,
/// and <see cref="TaggerReadResult.LostEvents"/> carries every loss (ring full, device overflow) counted since the
/// previous read, so a pipeline written for a plain tagger sees the reader's drops as it would a device's.
/// </summary>
/// <remarks>Not thread-safe: the one consumer thread.</remarks>
internal sealed class RingTimeTagger : ITimeTagger
{
    private readonly AcquisitionReader _reader;
    private long _lostReported;

    public RingTimeTagger(AcquisitionReader reader) => _reader = reader;

    public int ChannelCount => _reader.Source.ChannelCount;

    public double TickPicoseconds => _reader.Source.TickPicoseconds;

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        int count = _reader.Ring.TryRead(destination);
        long lost = _reader.Statistics.TotalLostEvents;
        long newlyLost = lost - _lostReported;
        _lostReported = lost;
        return new TaggerReadResult(count, newlyLost);
    }
}
