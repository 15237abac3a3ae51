namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>What is wrong with a fake device's bus.</summary>
public enum BusFault
{
    None,

    /// <summary>No device: MISO/SDA floats high through its pull-up, every byte reads 0xFF.</summary>
    AbsentPullUp,

    /// <summary>MISO/SDA held low (no device with a pull-down, or a stuck line): every byte reads 0x00.</summary>
    StuckLow,

    /// <summary>The transfer itself fails (NACK, stuck clock, kernel error): <see cref="IOException"/>.</summary>
    Throws,
}
