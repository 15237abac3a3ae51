using System.Globalization;
using System.Numerics;

namespace NodeAgent.Acquisition;

/// <summary>Settings of an <see cref="AcquisitionReader"/>; checked by <see cref="Validate"/> when it is built.</summary>
public sealed class AcquisitionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Acquisition";

    /// <summary>
    /// Ring slots (power of two). The default, 2^22 events of 16 bytes (64 MiB, touched at start-up), holds 210 ms at
    /// 20 M events/s and 6 s at the 0.7 M detections/s of a 25 km link: it has to cover the pipeline's longest pause
    /// (a scheduling stall, or a block's reconciliation, during which Bob's pipeline does not read).
    /// </summary>
    public int RingCapacity { get; set; } = 1 << 22;

    /// <summary>Most events asked of the tagger per read (one batch published at once).</summary>
    public int BatchSize { get; set; } = 4096;

    /// <summary>What to do when the ring is full.</summary>
    public RingFullPolicy FullPolicy { get; set; } = RingFullPolicy.DropNewest;

    /// <summary>
    /// Short reads (the device drained) spun through before the reader sleeps. 0 by default: spinning buys latency the
    /// pipeline does not use (it batches for 100 ms) and costs a core it does need on a small host.
    /// </summary>
    public int IdleSpins { get; set; }

    /// <summary>
    /// Sleep once the device is drained (or the ring is full under <see cref="RingFullPolicy.Wait"/>), in whole
    /// milliseconds: the device's FIFO must hold this long of events (20 000 at 20 M/s for 1 ms).
    /// </summary>
    public TimeSpan IdleSleep { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Pause after a tagger error before trying again.</summary>
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>One message per bad setting, naming it as <c>Acquisition:Name</c>; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RingCapacity is < 2 or > 1 << 28 || !BitOperations.IsPow2(RingCapacity))
        {
            errors.Add(Message(nameof(RingCapacity), "must be a power of two in [2, 2^28]", RingCapacity));
        }

        if (BatchSize is < 1 or > 1 << 20)
        {
            errors.Add(Message(nameof(BatchSize), "must be in [1, 2^20]", BatchSize));
        }

        if (!Enum.IsDefined(FullPolicy))
        {
            errors.Add(Message(nameof(FullPolicy), "must be DropNewest or Wait", (int)FullPolicy));
        }

        if (IdleSpins is < 0 or > 1_000_000)
        {
            errors.Add(Message(nameof(IdleSpins), "must be in [0, 1e6]", IdleSpins));
        }

        if (IdleSleep < TimeSpan.Zero || IdleSleep > TimeSpan.FromSeconds(1))
        {
            errors.Add(Message(nameof(IdleSleep), "must be in [0, 1 s]", IdleSleep.TotalMilliseconds));
        }

        if (ErrorBackoff < TimeSpan.Zero || ErrorBackoff > TimeSpan.FromMinutes(1))
        {
            errors.Add(Message(nameof(ErrorBackoff), "must be in [0, 1 min]", ErrorBackoff.TotalMilliseconds));
        }

        return errors;
    }

    private static string Message(string name, string rule, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{name} {rule} (is {value})");
}
