namespace NodeAgent.Drivers.Hardware.Tdc7200;

/// <summary>
/// TDC7200 register addresses (TI SNAS647, section 8.6 "Register Maps"): 00h-09h are 8-bit configuration registers,
/// 10h-1Ch are 24-bit, read-only measurement results (MSB first on the wire).
/// </summary>
public enum Tdc7200Register : byte
{
    Config1 = 0x00,
    Config2 = 0x01,
    IntStatus = 0x02,
    IntMask = 0x03,
    CoarseCounterOverflowHigh = 0x04,
    CoarseCounterOverflowLow = 0x05,
    ClockCounterOverflowHigh = 0x06,
    ClockCounterOverflowLow = 0x07,
    ClockCounterStopMaskHigh = 0x08,
    ClockCounterStopMaskLow = 0x09,
    Time1 = 0x10,
    ClockCount1 = 0x11,
    Time2 = 0x12,
    ClockCount2 = 0x13,
    Time3 = 0x14,
    ClockCount3 = 0x15,
    Time4 = 0x16,
    ClockCount4 = 0x17,
    Time5 = 0x18,
    ClockCount5 = 0x19,
    Time6 = 0x1A,
    Calibration1 = 0x1B,
    Calibration2 = 0x1C,
}
