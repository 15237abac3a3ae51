using System.Buffers.Binary;
using NodeAgent.Hal.Buses;

namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>
/// A TMP117 (TI SNOSD82) behind its I2C address: 16-bit registers MSB first with their reset values (result 8000h,
/// configuration 0220h, Device_ID 0117h), a pointer write before each read, and Data_Ready (configuration bit 13)
/// set by a conversion and cleared by reading the configuration or the result.
/// </summary>
internal sealed class FakeTmp117 : II2cBus
{
    private readonly ushort[] _registers = new ushort[16];

    public FakeTmp117()
    {
        _registers[0x00] = 0x8000;
        _registers[0x01] = 0x0220;
        _registers[0x02] = 0x6000;
        _registers[0x03] = 0x8000;
        _registers[0x0F] = 0x0117;
    }

    public BusFault Fault { get; set; }

    public int DeviceIdReads { get; private set; }

    /// <summary>Replaces the part: e.g. a TMP116 reads DID 116h (Device_ID 1116h).</summary>
    public ushort DeviceIdRegister
    {
        get => _registers[0x0F];
        set => _registers[0x0F] = value;
    }

    /// <summary>A conversion finishes: the result register takes the value and Data_Ready is set.</summary>
    public void Convert(double celsius) => ConvertRaw((short)Math.Round(celsius / 0.0078125));

    public void ConvertRaw(short raw)
    {
        _registers[0x00] = (ushort)raw;
        _registers[0x01] |= 0x2000;
    }

    /// <summary>Data_Ready set with the result still at its reset value (a read racing the first conversion).</summary>
    public void SetDataReadyOnly() => _registers[0x01] |= 0x2000;

    public void Write(ReadOnlySpan<byte> data)
    {
        Check();
        if (data.Length == 3 && data[0] is >= 0x01 and <= 0x08)
        {
            _registers[data[0]] = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        }
    }

    public void WriteRead(ReadOnlySpan<byte> write, Span<byte> read)
    {
        Check();
        if (Fault == BusFault.AbsentPullUp)
        {
            read.Fill(0xFF);
            return;
        }

        if (Fault == BusFault.StuckLow)
        {
            read.Fill(0x00);
            return;
        }

        int pointer = write[0] & 0x0F;
        DeviceIdReads += pointer == 0x0F ? 1 : 0;
        BinaryPrimitives.WriteUInt16BigEndian(read, _registers[pointer]);
        if (pointer is 0x00 or 0x01)
        {
            _registers[0x01] &= unchecked((ushort)~0x2000);
        }
    }

    private void Check()
    {
        if (Fault == BusFault.Throws)
        {
            throw new IOException("I2C transfer: no acknowledge from address 0x48");
        }
    }
}
