namespace NodeAgent.Hal.Transmitter;

/// <summary>What the transmitter prepared in one slot.</summary>
/// <param name="Basis">Preparation basis.</param>
/// <param name="Bit">Encoded bit value, 0 or 1.</param>
/// <param name="Intensity">Intensity class of the weak coherent pulse.</param>
public readonly record struct SentPulse(Basis Basis, byte Bit, IntensityClass Intensity);
