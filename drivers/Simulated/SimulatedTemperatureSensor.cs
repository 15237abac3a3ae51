using NodeAgent.Hal.Environment;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// A temperature sensor reading the configured mean plus a slow deterministic drift, ±0.2 °C over a 10-minute period
/// (an air-conditioned rack cycling), so telemetry shows movement without randomness. Always answers.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SimulatedTemperatureSensor : ITemperatureSensor
{
    private const double DriftAmplitudeCelsius = 0.2;
    private const double DriftPeriodSeconds = 600;

    private readonly SlotClock _clock;
    private readonly double _meanCelsius;
    private readonly double _phaseRadians;

    public SimulatedTemperatureSensor(string location, SlotClock clock, double meanCelsius, double phaseRadians)
    {
        Location = location;
        _clock = clock;
        _meanCelsius = meanCelsius;
        _phaseRadians = phaseRadians;
    }

    public string Location { get; }

    public bool TryReadCelsius(out double celsius)
    {
        double angle = (2 * Math.PI * _clock.ElapsedSeconds() / DriftPeriodSeconds) + _phaseRadians;
        celsius = _meanCelsius + (DriftAmplitudeCelsius * Math.Sin(angle));
        return true;
    }
}
