using System.Device.Spi;
using NodeAgent.Hal.Buses;

namespace NodeAgent.Hal.Linux;

/// <summary><see cref="ISpiBus"/> over a System.Device.Gpio <see cref="SpiDevice"/> (Linux spidev).</summary>
/// <remarks>Owns and disposes the device. Not thread-safe.</remarks>
public sealed class SpiDeviceBus : ISpiBus, IDisposable
{
    private readonly SpiDevice _device;

    public SpiDeviceBus(SpiDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <summary>Opens <c>/dev/spidev{busId}.{chipSelect}</c>.</summary>
    /// <param name="busId">The SPI controller.</param>
    /// <param name="chipSelect">The chip-select line.</param>
    /// <param name="clockHz">SCLK frequency (the TDC7200 allows up to 20 MHz).</param>
    /// <param name="mode">SPI mode; the TDC7200 and most FPGA SPI slaves use mode 0 (CPOL 0, CPHA 0).</param>
    public static SpiDeviceBus Open(int busId, int chipSelect, int clockHz, SpiMode mode = SpiMode.Mode0)
    {
        var settings = new SpiConnectionSettings(busId, chipSelect)
        {
            ClockFrequency = clockHz,
            Mode = mode,
            DataBitLength = 8,
            DataFlow = DataFlow.MsbFirst,
        };
        return new SpiDeviceBus(SpiDevice.Create(settings));
    }

    public void TransferFullDuplex(ReadOnlySpan<byte> write, Span<byte> read)
    {
        if (write.Length != read.Length)
        {
            throw new ArgumentException("write and read must have the same length", nameof(read));
        }

        _device.TransferFullDuplex(write, read);
    }

    public void Dispose() => _device.Dispose();
}
