using System.Device.I2c;
using NodeAgent.Hal.Buses;

namespace NodeAgent.Hal.Linux;

/// <summary><see cref="II2cBus"/> over a System.Device.Gpio <see cref="I2cDevice"/> (Linux i2c-dev).</summary>
/// <remarks>Owns and disposes the device. Not thread-safe. A NACK surfaces as <see cref="IOException"/>.</remarks>
public sealed class I2cDeviceBus : II2cBus, IDisposable
{
    private readonly I2cDevice _device;

    public I2cDeviceBus(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <summary>Opens <c>/dev/i2c-{busId}</c> for the target at <paramref name="address"/> (7-bit).</summary>
    public static I2cDeviceBus Open(int busId, int address) =>
        new(I2cDevice.Create(new I2cConnectionSettings(busId, address)));

    public void Write(ReadOnlySpan<byte> data) => _device.Write(data);

    public void WriteRead(ReadOnlySpan<byte> write, Span<byte> read) => _device.WriteRead(write, read);

    public void Dispose() => _device.Dispose();
}
