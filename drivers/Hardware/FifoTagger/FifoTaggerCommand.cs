namespace NodeAgent.Drivers.Hardware.FifoTagger;

/// <summary>The first byte of an SPI transaction to the FIFO tagger; seven zero bytes follow so words stay 8-aligned.</summary>
public enum FifoTaggerCommand : byte
{
    /// <summary>Read a burst: the device answers with 64-bit words until chip select rises.</summary>
    ReadBurst = 0x0B,

    /// <summary>Read the identification word (<see cref="FifoWord.IdentityMagic"/>, version, channel count).</summary>
    ReadIdentity = 0x9F,
}
