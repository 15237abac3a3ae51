using System.Globalization;

namespace NodeAgent.Drivers.Hardware.GpioTagger;

/// <summary>Settings of a <see cref="GpioEdgeTagger"/>.</summary>
public sealed class GpioEdgeTaggerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "GpioTagger";

    /// <summary>Line offsets in channel order: an edge on <c>Lines[i]</c> becomes channel <c>i</c>.</summary>
    public IList<int> Lines { get; } = new List<int>();

    /// <summary>Edges read from the source per call at most (bounds the pooled buffer).</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>The GPIO character device the lines are on, for the host that opens it (a Pi 5's header: see docs/drivers.md).</summary>
    public string Chip { get; set; } = "/dev/gpiochip0";

    /// <summary>Report rising edges.</summary>
    public bool RisingEdges { get; set; } = true;

    /// <summary>Report falling edges.</summary>
    public bool FallingEdges { get; set; }

    /// <summary>Stamp edges with CLOCK_REALTIME (disciplined by PTP through phc2sys) instead of CLOCK_MONOTONIC.</summary>
    public bool RealtimeClock { get; set; }

    /// <summary>The kernel's event queue length for the request (0: its default, 16 per line).</summary>
    public int EventBufferSize { get; set; }

    /// <summary>One message per bad setting, naming it as <c>GpioTagger:Name</c>; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Lines.Count is 0 or > 64)
        {
            errors.Add($"{SectionName}:{nameof(Lines)} must name between 1 and 64 lines (has {Lines.Count})");
        }

        if (Lines.Any(l => l < 0))
        {
            errors.Add($"{SectionName}:{nameof(Lines)} must not hold negative offsets");
        }

        if (Lines.Distinct().Count() != Lines.Count)
        {
            errors.Add($"{SectionName}:{nameof(Lines)} must not repeat a line");
        }

        if (MaxBatch is < 1 or > 65536)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(MaxBatch)} must be in [1, 65536] (is {MaxBatch})"));
        }

        if (string.IsNullOrWhiteSpace(Chip))
        {
            errors.Add($"{SectionName}:{nameof(Chip)} must name a GPIO character device, e.g. /dev/gpiochip0");
        }

        if (!RisingEdges && !FallingEdges)
        {
            errors.Add($"{SectionName}:{nameof(RisingEdges)} and {nameof(FallingEdges)} must not both be false");
        }

        if (EventBufferSize is < 0 or > 65536)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(EventBufferSize)} must be in [0, 65536] (is {EventBufferSize})"));
        }

        return errors;
    }
}
