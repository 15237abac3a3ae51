namespace NodeAgent.Hal.Transmitter;

/// <summary>Which of the decoy-state intensities a pulse was prepared with.</summary>
public enum IntensityClass : byte
{
    /// <summary>The signal intensity (mu_1).</summary>
    Signal = 0,

    /// <summary>The weak decoy intensity (mu_2).</summary>
    Decoy = 1,

    /// <summary>The vacuum (or weakest) intensity (mu_3).</summary>
    Vacuum = 2,
}
