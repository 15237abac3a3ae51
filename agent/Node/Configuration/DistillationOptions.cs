using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Node.Configuration;

/// <summary>Settings of the key distillation pipeline (configuration section <c>Distillation</c>).</summary>
public sealed class DistillationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Distillation";

    /// <summary>
    /// Key-basis (Z) sifted bits that make one block, n_X in the finite-key analysis; the test-basis (X) bits sifted
    /// meanwhile are disclosed whole to estimate the errors.
    /// </summary>
    public int BlockBits { get; set; } = 1 << 20;

    /// <summary>
    /// The decoy-state finite-key analysis that sets each block's secret length; a block whose test-basis QBER exceeds
    /// its <c>MaxQber</c> is discarded whole and raises the QBER alarm.
    /// </summary>
    public FiniteKeyOptions FiniteKey { get; set; } = new();

    /// <summary>
    /// The decoy detection rate may deviate from what the vacuum and signal rates predict for a passive channel by at
    /// most this many standard deviations ...
    /// </summary>
    public double ChannelCheckMaxSigma { get; set; } = 8;

    /// <summary>... or by at most this relative amount; beyond both the block is discarded (detector-control alarm).</summary>
    public double ChannelCheckMaxDeviation { get; set; } = 0.03;

    /// <summary>Size of each delivered key in bits.</summary>
    public int KeyBits { get; set; } = 256;

    /// <summary>
    /// Authentication pads (64 bits each) Alice sets aside each way from every block's final key, before cutting keys,
    /// to replenish the channel's Wegman–Carter pads; more when she spent more since the last block. A block at the
    /// default operating point spends about 145 each way.
    /// </summary>
    public int AuthenticationPadsPerBlock { get; set; } = 192;

    /// <summary>Detections further than half this window from the slot centre are rejected (picoseconds).</summary>
    public long AcceptanceWindowPs { get; set; } = 2000;

    /// <summary>Reconciliation method; both ends must run the same.</summary>
    public ReconciliationMethod Reconciliation { get; set; } = ReconciliationMethod.Cascade;

    /// <summary>Cascade passes: three sized from the QBER, the rest random halves (Martinez-Mateo et al.'s opt. (8) uses 14).</summary>
    public int CascadePasses { get; set; } = 14;

    /// <summary>Largest number of detections per sifting message.</summary>
    public int SiftBatchDetections { get; set; } = 1 << 16;
}
