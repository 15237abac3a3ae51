namespace NodeAgent.Node.Configuration;

/// <summary>Settings of the key distillation pipeline (configuration section <c>Distillation</c>).</summary>
public sealed class DistillationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Distillation";

    /// <summary>Sifted bits that make one block (sample plus key).</summary>
    public int BlockBits { get; set; } = 1 << 17;

    /// <summary>Fraction of each block disclosed to estimate the QBER.</summary>
    public double SampleFraction { get; set; } = 0.1;

    /// <summary>Blocks whose estimated QBER exceeds this are discarded whole (and raise the QBER alarm).</summary>
    public double QberLimit { get; set; } = 0.11;

    /// <summary>Fraction of the block subtracted from the secret length on top of the bound, while the bound is asymptotic.</summary>
    public double SafetyFraction { get; set; } = 0.05;

    /// <summary>Size of each delivered key in bits.</summary>
    public int KeyBits { get; set; } = 256;

    /// <summary>Probability that verification accepts keys that differ.</summary>
    public double EpsilonCorrect { get; set; } = 1e-12;

    /// <summary>Detections further than half this window from the slot centre are rejected (picoseconds).</summary>
    public long AcceptanceWindowPs { get; set; } = 2000;

    /// <summary>Cascade passes.</summary>
    public int CascadePasses { get; set; } = 4;

    /// <summary>Largest number of detections per sifting message.</summary>
    public int SiftBatchDetections { get; set; } = 1 << 16;
}
