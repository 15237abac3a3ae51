namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>A bdSeq store that lives as long as the object (tests, or a node that may restart at 0). Thread-safe.</summary>
public sealed class InMemoryBdSeqStore : IBdSeqStore
{
    private readonly Lock _gate = new();
    private byte? _last;

    /// <inheritdoc />
    public bool TryLoad(out byte lastBdSeq)
    {
        lock (_gate)
        {
            lastBdSeq = _last.GetValueOrDefault();
            return _last.HasValue;
        }
    }

    /// <inheritdoc />
    public void Save(byte bdSeq)
    {
        lock (_gate)
        {
            _last = bdSeq;
        }
    }
}
