namespace NodeAgent.Drivers.Hardware.Tdc7200;

/// <summary>How one TDC7200 measurement ended.</summary>
public enum Tdc7200Status
{
    /// <summary>All requested stops were timed.</summary>
    Completed,

    /// <summary>A counter overflowed before every stop arrived (the timeout); the stops that came are returned.</summary>
    Timeout,

    /// <summary>INTB never fell (or NEW_MEAS_INT never rose) within the host's wait: no START, or no device.</summary>
    NoCompletion,

    /// <summary>A result register's even-parity bit did not match (CONFIG1 PARITY_EN); nothing returned.</summary>
    ParityError,

    /// <summary>The registers hold impossible values (CALIBRATION2 not above CALIBRATION1, reserved bits set).</summary>
    InvalidData,

    /// <summary>The SPI transfer failed; the message is in <see cref="Tdc7200.LastError"/>.</summary>
    BusError,
}
