namespace NodeAgent.Drivers.Hardware.Tdc7200;

/// <summary>What one measurement produced besides the times of flight.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="StopCount">Times of flight written to the caller's span.</param>
/// <param name="CalibrationCount">calCount: ring-oscillator counts per reference clock period.</param>
/// <param name="NormalizedLsbPicoseconds">normLSB: one ring-oscillator count in picoseconds.</param>
public readonly record struct Tdc7200Result(Tdc7200Status Status, int StopCount, double CalibrationCount, double NormalizedLsbPicoseconds);
