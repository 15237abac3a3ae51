namespace NodeAgent.Drivers.Hardware.Tdc7200;

/// <summary>CONFIG1 MEAS_MODE (SNAS647 section 8.4.2).</summary>
public enum Tdc7200MeasurementMode
{
    /// <summary>Mode 1: the ring oscillator counts the whole START→STOP interval; for 12 ns to 500 ns.</summary>
    Mode1 = 1,

    /// <summary>Mode 2: ring oscillator for the fractions, reference clock counter for the rest; 250 ns to 8 ms.</summary>
    Mode2 = 2,
}
