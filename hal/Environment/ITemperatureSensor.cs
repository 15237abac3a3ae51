namespace NodeAgent.Hal.Environment;

/// <summary>A temperature sensor near the optics or electronics (e.g. an I2C TMP117).</summary>
public interface ITemperatureSensor
{
    /// <summary>Where the sensor sits, for telemetry ("detector", "laser", "enclosure").</summary>
    string Location { get; }

    /// <summary>Reads the temperature; false when the device does not answer or answers garbage.</summary>
    bool TryReadCelsius(out double celsius);
}
