namespace NodeAgent.Drivers.Hardware.Tdc7200;

/// <summary>The TDC7200 datasheet's time-of-flight arithmetic (SNAS647 sections 8.4.1, 8.4.2.1.1, 8.4.2.2.1).</summary>
public static class Tdc7200TimeOfFlight
{
    /// <summary>calCount = (CALIBRATION2 − CALIBRATION1) / (CALIBRATION2_PERIODS − 1).</summary>
    public static double CalibrationCount(int calibration1, int calibration2, int calibrationPeriods) =>
        (calibration2 - calibration1) / (double)(calibrationPeriods - 1);

    /// <summary>normLSB = CLOCKperiod / calCount.</summary>
    public static double NormalizedLsb(double clockPeriodPicoseconds, double calibrationCount) =>
        clockPeriodPicoseconds / calibrationCount;

    /// <summary>Mode 1: TOF_n = TIME_n · normLSB.</summary>
    public static double Mode1(int time, double normalizedLsb) => time * normalizedLsb;

    /// <summary>Mode 2: TOF_n = normLSB · (TIME1 − TIME_(n+1)) + CLOCK_COUNT_n · CLOCKperiod.</summary>
    public static double Mode2(int time1, int timeNPlus1, int clockCountN, double normalizedLsb, double clockPeriod) =>
        (normalizedLsb * (time1 - timeNPlus1)) + (clockCountN * clockPeriod);
}
