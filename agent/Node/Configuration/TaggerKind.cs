namespace NodeAgent.Node.Configuration;

/// <summary>Where Bob's detections come from (<c>Node:Tagger</c>).</summary>
public enum TaggerKind
{
    /// <summary>The simulated link's detectors (the default; every role).</summary>
    Simulated = 0,

    /// <summary>
    /// An FPGA time-tagger over SPI (<c>FifoTagger</c> section: bus, chip select, clock, units), read by the
    /// acquisition reader thread into its ring (<c>Acquisition</c> section). Role bob only.
    /// </summary>
    FifoTagger = 1,

    /// <summary>
    /// GPIO edges with kernel timestamps (<c>GpioTagger</c> section: chip, lines), a low-rate tagger, read the same
    /// way. Role bob only.
    /// </summary>
    GpioTagger = 2,
}
