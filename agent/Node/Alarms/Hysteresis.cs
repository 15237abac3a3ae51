namespace NodeAgent.Node.Alarms;

/// <summary>
/// Two-threshold comparisons: a value must cross the raise threshold to raise and come back past the (separate) clear
/// threshold to clear, so a value hovering at one threshold does not make the alarm flap.
/// </summary>
public static class Hysteresis
{
    /// <summary>An alarm on a value too high: raise above <paramref name="raise"/>, clear at or below <paramref name="clear"/>.</summary>
    /// <remarks>NaN (nothing measured) holds the present state.</remarks>
    public static AlarmSignal Above(double value, double raise, double clear) =>
        value > raise ? AlarmSignal.Raise : value <= clear ? AlarmSignal.Clear : AlarmSignal.Hold;

    /// <summary>An alarm on a value too low: raise below <paramref name="raise"/>, clear at or above <paramref name="clear"/>.</summary>
    /// <remarks>NaN (nothing measured) holds the present state.</remarks>
    public static AlarmSignal Below(double value, double raise, double clear) =>
        value < raise ? AlarmSignal.Raise : value >= clear ? AlarmSignal.Clear : AlarmSignal.Hold;
}
