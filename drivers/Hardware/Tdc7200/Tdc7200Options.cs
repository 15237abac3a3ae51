using System.Globalization;

namespace NodeAgent.Drivers.Hardware.Tdc7200;

/// <summary>Settings of a <see cref="Tdc7200"/>; checked by <see cref="Validate"/> when the driver is built.</summary>
public sealed class Tdc7200Options
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Tdc7200";

    /// <summary>Reference clock on the CLOCK pin, 1-16 MHz (SNAS647 section 8.3.2; 16 MHz gives the least jitter).</summary>
    public double ClockFrequencyHz { get; set; } = 8_000_000;

    /// <summary>Measurement mode (CONFIG1 MEAS_MODE).</summary>
    public Tdc7200MeasurementMode Mode { get; set; } = Tdc7200MeasurementMode.Mode2;

    /// <summary>Stops per measurement, 1-5 (CONFIG2 NUM_STOP).</summary>
    public int StopCount { get; set; } = 1;

    /// <summary>Reference periods of the second calibration measurement: 2, 10, 20 or 40 (CONFIG2 CALIBRATION2_PERIODS).</summary>
    public int CalibrationPeriods { get; set; } = 10;

    /// <summary>Check the even-parity bit 23 of every result register (CONFIG1 PARITY_EN).</summary>
    public bool ParityCheck { get; set; } = true;

    /// <summary>Calibrate after every measurement, also one that timed out (CONFIG1 FORCE_CAL).</summary>
    public bool ForceCalibration { get; set; } = true;

    /// <summary>Start on the falling edge of START (CONFIG1 START_EDGE); rising otherwise.</summary>
    public bool StartOnFallingEdge { get; set; }

    /// <summary>Stop on falling edges of STOP (CONFIG1 STOP_EDGE); rising otherwise.</summary>
    public bool StopOnFallingEdge { get; set; }

    /// <summary>Mode 2 timeout in reference clock periods (CLOCK_CNTR_OVF, 1-65535).</summary>
    public int ClockCounterOverflow { get; set; } = 0xFFFF;

    /// <summary>Mode 1 timeout in ring-oscillator wraps (COARSE_CNTR_OVF, 1-65535).</summary>
    public int CoarseCounterOverflow { get; set; } = 0xFFFF;

    /// <summary>How long the host waits for INTB (or NEW_MEAS_INT when polling) after starting a measurement.</summary>
    public TimeSpan CompletionTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reference clock period in picoseconds.</summary>
    public double ClockPeriodPicoseconds => 1e12 / ClockFrequencyHz;

    /// <summary>One message per bad setting, naming it as <c>Tdc7200:Name</c>; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(ClockFrequencyHz >= 1e6 && ClockFrequencyHz <= 16e6))
        {
            errors.Add(Message(nameof(ClockFrequencyHz), "must be in [1e6, 16e6] Hz", ClockFrequencyHz));
        }

        if (!Enum.IsDefined(Mode))
        {
            errors.Add(Message(nameof(Mode), "must be Mode1 or Mode2", (int)Mode));
        }

        if (StopCount is < 1 or > 5)
        {
            errors.Add(Message(nameof(StopCount), "must be in [1, 5]", StopCount));
        }

        if (CalibrationPeriods is not (2 or 10 or 20 or 40))
        {
            errors.Add(Message(nameof(CalibrationPeriods), "must be 2, 10, 20 or 40", CalibrationPeriods));
        }

        if (ClockCounterOverflow is < 1 or > 0xFFFF)
        {
            errors.Add(Message(nameof(ClockCounterOverflow), "must be in [1, 65535]", ClockCounterOverflow));
        }

        if (CoarseCounterOverflow is < 1 or > 0xFFFF)
        {
            errors.Add(Message(nameof(CoarseCounterOverflow), "must be in [1, 65535]", CoarseCounterOverflow));
        }

        if (CompletionTimeout <= TimeSpan.Zero || CompletionTimeout > TimeSpan.FromSeconds(10))
        {
            errors.Add(Message(nameof(CompletionTimeout), "must be in (0, 10 s]", CompletionTimeout.TotalMilliseconds));
        }

        return errors;
    }

    private static string Message(string name, string rule, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{name} {rule} (is {value})");
}
