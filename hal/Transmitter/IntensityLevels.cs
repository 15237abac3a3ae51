namespace NodeAgent.Hal.Transmitter;

/// <summary>
/// The transmitter's calibrated mean photon numbers per pulse of each intensity class, and the probabilities with which
/// it picks them: the decoy-state estimate of every block depends on them.
/// </summary>
/// <param name="Signal">Mean photon number of the signal intensity (mu_1).</param>
/// <param name="Decoy">Mean photon number of the decoy intensity (mu_2).</param>
/// <param name="Vacuum">Mean photon number of the vacuum or weakest intensity (mu_3).</param>
/// <param name="SignalProbability">Probability of sending the signal intensity.</param>
/// <param name="DecoyProbability">Probability of sending the decoy intensity.</param>
/// <param name="VacuumProbability">Probability of sending the vacuum intensity.</param>
public sealed record IntensityLevels(
    double Signal, double Decoy, double Vacuum, double SignalProbability, double DecoyProbability, double VacuumProbability);
