namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// Detections n_{B,k} and errors m_{B,k} of one basis as real numbers: the estimator converts observed
/// <see cref="IntensityCounts"/> to this, and the key-rate model fills it with expected (non-integer) counts.
/// </summary>
internal readonly record struct BasisStatistics(
    double SignalDetections,
    double DecoyDetections,
    double VacuumDetections,
    double SignalErrors,
    double DecoyErrors,
    double VacuumErrors)
{
    public double Detections => SignalDetections + DecoyDetections + VacuumDetections;

    public double Errors => SignalErrors + DecoyErrors + VacuumErrors;

    public static BasisStatistics From(in IntensityCounts counts) => new(
        counts.SignalDetections,
        counts.DecoyDetections,
        counts.VacuumDetections,
        counts.SignalErrors,
        counts.DecoyErrors,
        counts.VacuumErrors);
}
