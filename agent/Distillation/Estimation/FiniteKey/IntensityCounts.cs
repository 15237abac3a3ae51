using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// Sifted detections and bit errors of one basis, per intensity class: n_{B,k} and m_{B,k} in Lim 2014 (B the basis,
/// k ∈ {μ1, μ2, μ3}). One instance holds the key basis, another the test basis.
/// </summary>
/// <remarks>
/// Counts are 64-bit so that totals above 2^32 are exact. A mutable value type for cheap accumulation: pass it by
/// <c>in</c> or <c>ref</c>. Not thread-safe. Errors of the key basis are known only after reconciliation (the number
/// of bits Cascade corrected); the one-decoy bound uses them, so pass the reconciled count, never a guess.
/// </remarks>
public struct IntensityCounts
{
    /// <summary>Creates counts from the six per-class values.</summary>
    public IntensityCounts(
        long signalDetections, long decoyDetections, long vacuumDetections, long signalErrors, long decoyErrors, long vacuumErrors)
    {
        SignalDetections = signalDetections;
        DecoyDetections = decoyDetections;
        VacuumDetections = vacuumDetections;
        SignalErrors = signalErrors;
        DecoyErrors = decoyErrors;
        VacuumErrors = vacuumErrors;
    }

    /// <summary>n_{B,μ1}: detections of signal pulses.</summary>
    public long SignalDetections { get; set; }

    /// <summary>n_{B,μ2}: detections of decoy pulses.</summary>
    public long DecoyDetections { get; set; }

    /// <summary>n_{B,μ3}: detections of vacuum (weakest) pulses.</summary>
    public long VacuumDetections { get; set; }

    /// <summary>m_{B,μ1}: bit errors among the signal detections.</summary>
    public long SignalErrors { get; set; }

    /// <summary>m_{B,μ2}: bit errors among the decoy detections.</summary>
    public long DecoyErrors { get; set; }

    /// <summary>m_{B,μ3}: bit errors among the vacuum detections.</summary>
    public long VacuumErrors { get; set; }

    /// <summary>Detections of the given intensity class.</summary>
    public readonly long Detections(IntensityClass intensity) => intensity switch
    {
        IntensityClass.Signal => SignalDetections,
        IntensityClass.Decoy => DecoyDetections,
        IntensityClass.Vacuum => VacuumDetections,
        _ => throw new ArgumentOutOfRangeException(nameof(intensity), intensity, "Unknown intensity class."),
    };

    /// <summary>Errors of the given intensity class.</summary>
    public readonly long Errors(IntensityClass intensity) => intensity switch
    {
        IntensityClass.Signal => SignalErrors,
        IntensityClass.Decoy => DecoyErrors,
        IntensityClass.Vacuum => VacuumErrors,
        _ => throw new ArgumentOutOfRangeException(nameof(intensity), intensity, "Unknown intensity class."),
    };

    /// <summary>Adds detections and errors to one intensity class.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown intensity class.</exception>
    /// <exception cref="OverflowException">A count would exceed <see cref="long.MaxValue"/>.</exception>
    public void Add(IntensityClass intensity, long detections, long errors)
    {
        switch (intensity)
        {
            case IntensityClass.Signal:
                SignalDetections = checked(SignalDetections + detections);
                SignalErrors = checked(SignalErrors + errors);
                break;
            case IntensityClass.Decoy:
                DecoyDetections = checked(DecoyDetections + detections);
                DecoyErrors = checked(DecoyErrors + errors);
                break;
            case IntensityClass.Vacuum:
                VacuumDetections = checked(VacuumDetections + detections);
                VacuumErrors = checked(VacuumErrors + errors);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(intensity), intensity, "Unknown intensity class.");
        }
    }

    /// <summary>
    /// n_B = Σ_k n_{B,k} and m_B = Σ_k m_{B,k}, or null with a reason when a count is negative (a wrapped counter),
    /// errors exceed detections in a class, or a total overflows 64 bits.
    /// </summary>
    public readonly string? TryGetTotals(out long detections, out long errors)
    {
        detections = 0;
        errors = 0;
        if ((SignalDetections | DecoyDetections | VacuumDetections | SignalErrors | DecoyErrors | VacuumErrors) < 0)
        {
            return "a count is negative (a wrapped or corrupted counter)";
        }

        if (SignalErrors > SignalDetections || DecoyErrors > DecoyDetections || VacuumErrors > VacuumDetections)
        {
            return "an intensity class has more errors than detections";
        }

        // All values are non-negative, so a sum that overflows wraps negative: compare against the headroom instead.
        if (SignalDetections > long.MaxValue - DecoyDetections
            || SignalDetections + DecoyDetections > long.MaxValue - VacuumDetections)
        {
            return "the total of the detections overflows 64 bits";
        }

        detections = SignalDetections + DecoyDetections + VacuumDetections;
        errors = SignalErrors + DecoyErrors + VacuumErrors; // each ≤ its detections, so this cannot overflow either
        return null;
    }
}
