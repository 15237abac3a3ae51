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

        return errors;
    }
}
