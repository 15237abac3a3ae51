namespace NodeAgent.Hal.Buses;

/// <summary>One SPI device (one chip select): full-duplex transfers, MSB first, chip select held for a whole call.</summary>
/// <remarks>
/// Not thread-safe: one driver owns a bus object. A transfer that the bus cannot complete (no controller, a stuck
/// bus, a kernel error) throws <see cref="IOException"/>; a device that is absent does not fail the transfer, it
/// reads as whatever MISO floats to (all 0xFF with a pull-up, all 0x00 with a pull-down), and drivers must check.
/// </remarks>
public interface ISpiBus
{
    /// <summary>Clocks out <paramref name="write"/> while clocking in <paramref name="read"/> (same length).</summary>
    void TransferFullDuplex(ReadOnlySpan<byte> write, Span<byte> read);
}
