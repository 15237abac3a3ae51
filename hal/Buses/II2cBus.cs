namespace NodeAgent.Hal.Buses;

/// <summary>One I2C target at a fixed 7-bit address.</summary>
/// <remarks>
/// Not thread-safe: one driver owns a bus object. A NACK (no device at the address), arbitration loss or a stuck bus
/// (SDA or SCL held low) throws <see cref="IOException"/>.
/// </remarks>
public interface II2cBus
{
    /// <summary>Writes <paramref name="data"/> in one transaction (START, address+W, data, STOP).</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Writes <paramref name="write"/>, then a repeated START and reads <paramref name="read"/>.</summary>
    void WriteRead(ReadOnlySpan<byte> write, Span<byte> read);
}
