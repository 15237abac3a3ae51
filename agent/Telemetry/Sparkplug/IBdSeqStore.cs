namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// Keeps the last bdSeq an edge node put in a will, so the next connection (also after a restart) uses the next one
/// (Sparkplug 3.0.0 ch. 4, tck-id-topics-nbirth-bdseq-increment: "start at zero and increment by one on every new
/// MQTT CONNECT packet").
/// </summary>
public interface IBdSeqStore
{
    /// <summary>The last bdSeq saved, or false when none was ever saved (or the record is unreadable).</summary>
    bool TryLoad(out byte lastBdSeq);

    /// <summary>Records <paramref name="bdSeq"/> as the last one used; durable when this returns.</summary>
    void Save(byte bdSeq);
}
