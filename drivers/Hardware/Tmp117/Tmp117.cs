using System.Buffers.Binary;
using NodeAgent.Hal.Buses;
using NodeAgent.Hal.Environment;

namespace NodeAgent.Drivers.Hardware.Tmp117;

/// <summary>
/// Texas Instruments TMP117 digital temperature sensor on I2C (TI SNOSD82), in its reset mode: continuous conversion,
/// one result a second, 8-sample averaging. Checks the device ID before trusting any result.
/// </summary>
/// <remarks>
/// Not thread-safe. Never throws for device trouble: <see cref="TryReadCelsius"/> returns false and the counters and
/// <see cref="LastError"/> say why (NACK, wrong ID, no conversion yet, a stale result). After a bus error the ID is
/// checked again, so a swapped or reset part is noticed.
/// </remarks>
public sealed class Tmp117 : ITemperatureSensor
{
    /// <summary>Device_ID bits 11..0 of every TMP117.</summary>
    public const int DeviceId = 0x117;

    /// <summary>°C per LSB of the result register (7.8125 m°C).</summary>
    public const double CelsiusPerLsb = 0.0078125;

    private const int DataReady = 1 << 13;
    private const short PowerOnResult = unchecked((short)0x8000);

    private readonly II2cBus _bus;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxResultAge;
    private bool _identified;
    private double _lastCelsius;
    private long _lastResultTimestamp;
    private bool _haveResult;

    /// <param name="bus">The sensor's I2C target (address 48h-4Bh, set by the ADD0 pin).</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="time">Clock for the age of results; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public Tmp117(II2cBus bus, Tmp117Options options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _bus = bus;
        _time = time ?? TimeProvider.System;
        _maxResultAge = options.MaxResultAge;
        Location = options.Location;
    }

    public string Location { get; }

    /// <summary>Transfers that failed (NACK, stuck bus).</summary>
    public long BusErrors { get; private set; }

    /// <summary>Device ID checks that did not read 117h.</summary>
    public long WrongIdReads { get; private set; }

    /// <summary>Reads refused because the last result was older than the allowed age.</summary>
    public long StaleReads { get; private set; }

    /// <summary>The last failure, for logs; null when none yet.</summary>
    public string? LastError { get; private set; }

    public bool TryReadCelsius(out double celsius)
    {
        celsius = double.NaN;
        try
        {
            if (!_identified && !Identify())
            {
                return false;
            }

            // Reading Configuration clears Data_Ready (SNOSD82 section 7.6, Configuration register), so each result is taken once.
            ushort configuration = ReadRegister(Tmp117Register.Configuration);
            if ((configuration & DataReady) != 0)
            {
                short raw = (short)ReadRegister(Tmp117Register.TemperatureResult);
                if (raw == PowerOnResult)
                {
                    LastError = "the result register still holds its reset value (−256 °C)";
                    return false;
                }

                _lastCelsius = raw * CelsiusPerLsb;
                _lastResultTimestamp = _time.GetTimestamp();
                _haveResult = true;
            }
            else if (!_haveResult)
            {
                LastError = "no conversion completed yet";
                return false;
            }
            else if (_time.GetElapsedTime(_lastResultTimestamp) > _maxResultAge)
            {
                StaleReads++;
                LastError = $"no new conversion for more than {_maxResultAge.TotalSeconds} s (Data_Ready stays clear)";
                return false;
            }

            celsius = _lastCelsius;
            return true;
        }
        catch (IOException e)
        {
            BusErrors++;
            _identified = false;
            LastError = $"I2C transfer failed (no device at the address, or the bus is stuck): {e.Message}";
            return false;
        }
    }

    private bool Identify()
    {
        ushort id = ReadRegister(Tmp117Register.DeviceId);
        if ((id & 0x0FFF) != DeviceId)
        {
            WrongIdReads++;
            LastError = $"Device_ID reads 0x{id:X4}, expected 0x{DeviceId:X3} in bits 11..0 " +
                "(0xFFFF: SDA floating or another part; 0x0000: SDA held low)";
            return false;
        }

        _identified = true;
        return true;
    }

    private ushort ReadRegister(Tmp117Register register)
    {
        Span<byte> pointer = [(byte)register];
        Span<byte> data = stackalloc byte[2];
        _bus.WriteRead(pointer, data);
        return BinaryPrimitives.ReadUInt16BigEndian(data);
    }
}
