using System.Numerics;
using NodeAgent.Hal.Buses;
using NodeAgent.Hal.Gpio;

namespace NodeAgent.Drivers.Hardware.Tdc7200;

/// <summary>
/// Texas Instruments TDC7200 time-to-digital converter on SPI (TI SNAS647): configures it, starts a measurement,
/// waits for INTB (or polls INT_STATUS), reads TIME1-6, CLOCK_COUNT1-5 and CALIBRATION1-2 in one auto-increment burst,
/// and turns them into times of flight with the datasheet's formulas (<see cref="Tdc7200TimeOfFlight"/>).
/// </summary>
/// <remarks>
/// Not thread-safe. Construction writes the configuration and reads it back, so an absent device (MISO all 0xFF or
/// all 0x00) fails there with <see cref="DeviceNotFoundException"/>. Afterwards nothing throws for device trouble:
/// each measurement returns a <see cref="Tdc7200Status"/> and the counters say how often each failure happened.
/// <code>
/// SPI command byte (SNAS647 section 8.5.1):  bit 7 AI (auto-increment) | bit 6 RW (1 = write) | bits 5..0 address
/// CONFIG1: 7 FORCE_CAL | 6 PARITY_EN | 5 TRIGG_EDGE | 4 STOP_EDGE | 3 START_EDGE | 2..1 MEAS_MODE | 0 START_MEAS
/// CONFIG2: 7..6 CALIBRATION2_PERIODS (2/10/20/40) | 5..3 AVG_CYCLES | 2..0 NUM_STOP (stops − 1)
/// INT_STATUS: 4 MEAS_COMPLETE | 3 MEAS_STARTED | 2 CLOCK_CNTR_OVF | 1 COARSE_CNTR_OVF | 0 NEW_MEAS (write 1 to clear)
/// result registers: 24 bits, bit 23 even parity when PARITY_EN, bits 22..0 the value
/// </code>
/// Multi-cycle averaging (AVG_CYCLES) is left at one cycle: each START gives its own stops.
/// </remarks>
public sealed class Tdc7200
{
    /// <summary>Result registers read in one burst: TIME1, CLOCK_COUNT1, ..., TIME6, CALIBRATION1, CALIBRATION2.</summary>
    public const int ResultRegisterCount = 13;

    private const byte AutoIncrement = 0x80;
    private const byte Write = 0x40;
    private const byte ForceCal = 0x80;
    private const byte ParityEnable = 0x40;
    private const byte StopEdge = 0x10;
    private const byte StartEdge = 0x08;
    private const byte StartMeas = 0x01;
    private const byte NewMeasurement = 0x01;
    private const byte CoarseOverflow = 0x02;
    private const byte ClockOverflow = 0x04;
    private const byte InterruptBits = 0x1F;
    private const byte AllInterruptsEnabled = 0x07;
    private const int ValueMask = 0x7FFFFF;

    private readonly ISpiBus _spi;
    private readonly IGpioEdgeSource? _interrupt;
    private readonly TimeProvider _time;
    private readonly Tdc7200Options _options;
    private readonly byte _config1;
    private readonly byte[] _tx = new byte[1 + (3 * ResultRegisterCount)];
    private readonly byte[] _rx = new byte[1 + (3 * ResultRegisterCount)];
    private readonly int[] _results = new int[ResultRegisterCount];
    private readonly GpioEdge[] _edges = new GpioEdge[8];

    /// <param name="spi">The TDC7200's SPI device (mode 0, up to 20 MHz).</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="interrupt">The INTB line (falling edges), or null to poll INT_STATUS.</param>
    /// <param name="time">Clock for the host-side wait; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">A setting is invalid (all are listed).</exception>
    /// <exception cref="DeviceNotFoundException">The configuration did not read back: no TDC7200 answers.</exception>
    /// <exception cref="IOException">The bus failed.</exception>
    public Tdc7200(ISpiBus spi, Tdc7200Options options, IGpioEdgeSource? interrupt = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(spi);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _spi = spi;
        _options = options;
        _interrupt = interrupt;
        _time = time ?? TimeProvider.System;
        _config1 = (byte)((options.ForceCalibration ? ForceCal : 0) | (options.ParityCheck ? ParityEnable : 0) |
            (options.StopOnFallingEdge ? StopEdge : 0) | (options.StartOnFallingEdge ? StartEdge : 0) |
            ((options.Mode == Tdc7200MeasurementMode.Mode2 ? 1 : 0) << 1));
        Configure();
    }

    /// <summary>Measurements started.</summary>
    public long Measurements { get; private set; }

    /// <summary>Measurements whose counters overflowed before every stop came.</summary>
    public long Timeouts { get; private set; }

    /// <summary>Measurements that never signalled completion.</summary>
    public long NoCompletions { get; private set; }

    /// <summary>Result bursts with a parity mismatch.</summary>
    public long ParityErrors { get; private set; }

    /// <summary>Result bursts with impossible values.</summary>
    public long InvalidResults { get; private set; }

    /// <summary>SPI transfers that threw.</summary>
    public long BusErrors { get; private set; }

    /// <summary>The last failure, for logs; null when none yet.</summary>
    public string? LastError { get; private set; }

    /// <summary>CONFIG2 as written: calibration periods, one averaging cycle, stops − 1.</summary>
    internal byte Config2 => (byte)((_options.CalibrationPeriods switch { 2 => 0, 10 => 1, 20 => 2, _ => 3 } << 6) | (_options.StopCount - 1));

    /// <summary>
    /// Starts a measurement, waits for it and writes one time of flight per stop that came, in picoseconds, to
    /// <paramref name="timesOfFlightPicoseconds"/> (at least <see cref="Tdc7200Options.StopCount"/> long).
    /// </summary>
    public Tdc7200Result Measure(Span<double> timesOfFlightPicoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timesOfFlightPicoseconds.Length, _options.StopCount, nameof(timesOfFlightPicoseconds));
        Measurements++;
        try
        {
            // Clear old flags (and INTB), forget stale INTB edges, then arm: the device waits for START.
            WriteRegister(Tdc7200Register.IntStatus, InterruptBits);
            while (_interrupt is not null && _interrupt.ReadEdges(_edges) > 0)
            {
            }

            WriteRegister(Tdc7200Register.Config1, (byte)(_config1 | StartMeas));
            byte status = WaitForCompletion();
            if ((status & ~InterruptBits) != 0)
            {
                return Fail(Tdc7200Status.InvalidData, $"INT_STATUS 0x{status:X2} has reserved bits set (no TDC7200 answering?)");
            }

            if ((status & NewMeasurement) == 0)
            {
                NoCompletions++;
                LastError = $"no completion within {_options.CompletionTimeout.TotalMilliseconds} ms (INT_STATUS 0x{status:X2}); is START arriving?";
                return new Tdc7200Result(Tdc7200Status.NoCompletion, 0, 0, 0);
            }

            ReadResults();
            WriteRegister(Tdc7200Register.IntStatus, InterruptBits);
            return Compute(status, timesOfFlightPicoseconds);
        }
        catch (IOException e)
        {
            BusErrors++;
            LastError = $"SPI transfer failed: {e.Message}";
            return new Tdc7200Result(Tdc7200Status.BusError, 0, 0, 0);
        }
    }

    private Tdc7200Result Compute(byte status, Span<double> tof)
    {
        Span<int> r = _results;
        if (_options.ParityCheck)
        {
            foreach (int raw in r)
            {
                if ((BitOperations.PopCount((uint)raw) & 1) != 0)
                {
                    ParityErrors++;
                    LastError = "parity mismatch in a result register";
                    return new Tdc7200Result(Tdc7200Status.ParityError, 0, 0, 0);
                }
            }
        }

        for (int i = 0; i < r.Length; i++)
        {
            r[i] &= ValueMask;
        }

        int cal1 = r[11];
        int cal2 = r[12];
        if (cal2 <= cal1)
        {
            return Fail(Tdc7200Status.InvalidData, $"CALIBRATION2 ({cal2}) is not above CALIBRATION1 ({cal1})");
        }

        double clockPeriod = _options.ClockPeriodPicoseconds;
        double calCount = Tdc7200TimeOfFlight.CalibrationCount(cal1, cal2, _options.CalibrationPeriods);
        double normLsb = Tdc7200TimeOfFlight.NormalizedLsb(clockPeriod, calCount);

        // TIME(k) sits at r[2(k−1)], CLOCK_COUNT(k) at r[2k−1]; a stop that never came leaves its registers zero.
        int stops = 0;
        for (int n = 1; n <= _options.StopCount; n++)
        {
            if (_options.Mode == Tdc7200MeasurementMode.Mode1)
            {
                int time = r[2 * (n - 1)];
                if (time == 0)
                {
                    break;
                }

                tof[stops++] = Tdc7200TimeOfFlight.Mode1(time, normLsb);
            }
            else
            {
                int clockCount = r[(2 * n) - 1];
                if (clockCount == 0)
                {
                    break;
                }

                tof[stops++] = Tdc7200TimeOfFlight.Mode2(r[0], r[2 * n], clockCount, normLsb, clockPeriod);
            }
        }

        bool overflowed = (status & (CoarseOverflow | ClockOverflow)) != 0;
        if (overflowed || stops < _options.StopCount)
        {
            Timeouts++;
            LastError = $"timeout: {stops} of {_options.StopCount} stops before the counter overflowed (INT_STATUS 0x{status:X2})";
            return new Tdc7200Result(Tdc7200Status.Timeout, stops, calCount, normLsb);
        }

        return new Tdc7200Result(Tdc7200Status.Completed, stops, calCount, normLsb);
    }

    private Tdc7200Result Fail(Tdc7200Status status, string message)
    {
        InvalidResults++;
        LastError = message;
        return new Tdc7200Result(status, 0, 0, 0);
    }

    private byte WaitForCompletion()
    {
        if (_interrupt is not null)
        {
            // INTB falls when NEW_MEAS_INT (or an overflow) is raised; INT_STATUS then says which.
            _interrupt.WaitForEdge(_options.CompletionTimeout);
            return ReadRegister(Tdc7200Register.IntStatus);
        }

        long start = _time.GetTimestamp();
        while (true)
        {
            byte status = ReadRegister(Tdc7200Register.IntStatus);
            if ((status & NewMeasurement) != 0 || (status & ~InterruptBits) != 0 ||
                _time.GetElapsedTime(start) >= _options.CompletionTimeout)
            {
                return status;
            }

            Thread.Yield();
        }
    }

    private void Configure()
    {
        int clockOverflow = _options.ClockCounterOverflow;
        int coarseOverflow = _options.CoarseCounterOverflow;
        ReadOnlySpan<byte> expected =
        [
            Config2, 0, AllInterruptsEnabled,
            (byte)(coarseOverflow >> 8), (byte)coarseOverflow, (byte)(clockOverflow >> 8), (byte)clockOverflow,
        ];

        // CONFIG1 stays idle (START_MEAS clear) until a measurement; then CONFIG2 .. CLOCK_CNTR_OVF_L in one burst.
        WriteRegister(Tdc7200Register.Config1, _config1);
        Span<byte> tx = stackalloc byte[1 + expected.Length];
        Span<byte> rx = stackalloc byte[1 + expected.Length];
        tx[0] = (byte)(AutoIncrement | Write | (byte)Tdc7200Register.Config2);
        expected.CopyTo(tx[1..]);
        _spi.TransferFullDuplex(tx, rx);

        // Read back (INT_STATUS in between reads as flags, so it is not compared).
        tx.Clear();
        tx[0] = (byte)(AutoIncrement | (byte)Tdc7200Register.Config2);
        _spi.TransferFullDuplex(tx, rx);
        ReadOnlySpan<byte> actual = rx[1..];
        for (int i = 0; i < expected.Length; i++)
        {
            if (i != 1 && actual[i] != expected[i])
            {
                throw new DeviceNotFoundException(
                    $"no TDC7200 answers on the SPI bus: register 0x{(int)Tdc7200Register.Config2 + i:X2} reads 0x{actual[i]:X2} " +
                    $"after writing 0x{expected[i]:X2} (0xFF: MISO floating high; 0x00: no device or MISO held low; check ENABLE is high)");
            }
        }
    }

    private void ReadResults()
    {
        Span<byte> tx = _tx;
        Span<byte> rx = _rx;
        tx.Clear();
        tx[0] = (byte)(AutoIncrement | (byte)Tdc7200Register.Time1);
        _spi.TransferFullDuplex(tx, rx);
        for (int i = 0; i < ResultRegisterCount; i++)
        {
            int o = 1 + (3 * i);
            _results[i] = (rx[o] << 16) | (rx[o + 1] << 8) | rx[o + 2];
        }
    }

    private void WriteRegister(Tdc7200Register register, byte value)
    {
        Span<byte> tx = [(byte)(Write | (byte)register), value];
        Span<byte> rx = stackalloc byte[2];
        _spi.TransferFullDuplex(tx, rx);
    }

    private byte ReadRegister(Tdc7200Register register)
    {
        Span<byte> tx = [(byte)register, 0];
        Span<byte> rx = stackalloc byte[2];
        _spi.TransferFullDuplex(tx, rx);
        return rx[1];
    }
}
