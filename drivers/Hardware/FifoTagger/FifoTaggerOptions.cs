using System.Globalization;

namespace NodeAgent.Drivers.Hardware.FifoTagger;

/// <summary>Settings of a <see cref="FifoTagger"/>; checked by <see cref="Validate"/> when the tagger is built.</summary>
public sealed class FifoTaggerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "FifoTagger";

    /// <summary>Period of the device's coarse counter in picoseconds (4000: a 250 MHz counter).</summary>
    public double CoarsePeriodPicoseconds { get; set; } = 4000;

    /// <summary>Fine-time bins per coarse period (the fine field is 16 bits: at most 65 536).</summary>
    public int FineBinsPerCoarse { get; set; } = 4000;

    /// <summary>Inputs in use; words naming a higher channel are counted as invalid and skipped.</summary>
    public int ChannelCount { get; set; } = 4;

    /// <summary>Most words read in one SPI transaction (bounds the pooled buffer: 8 bytes a word).</summary>
    public int MaxBurstWords { get; set; } = 4096;

    /// <summary>SPI controller of <c>/dev/spidev&lt;SpiBus&gt;.&lt;ChipSelect&gt;</c> (for the host that opens the bus; the driver takes the bus).</summary>
    public int SpiBus { get; set; }

    /// <summary>Chip-select line: CE1 by default (docs/drivers.md, wiring), CE0 being the TDC7200's.</summary>
    public int ChipSelect { get; set; } = 1;

    /// <summary>SCLK in Hz. At 20 MHz a 64-bit word takes 3.2 µs: the bus carries at most ~310 k events/s.</summary>
    public int SpiClockHz { get; set; } = 20_000_000;

    /// <summary>One message per bad setting, naming it as <c>FifoTagger:Name</c>; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(CoarsePeriodPicoseconds > 0 && CoarsePeriodPicoseconds <= 1e9))
        {
            errors.Add(Message(nameof(CoarsePeriodPicoseconds), "must be in (0, 1e9] ps", CoarsePeriodPicoseconds));
        }

        if (FineBinsPerCoarse is < 1 or > 65536)
        {
            errors.Add(Message(nameof(FineBinsPerCoarse), "must be in [1, 65536]", FineBinsPerCoarse));
        }

        if (ChannelCount is < 1 or > FifoWord.MaxChannels)
        {
            errors.Add(Message(nameof(ChannelCount), "must be in [1, 64]", ChannelCount));
        }

        if (MaxBurstWords is < 1 or > 1 << 20)
        {
            errors.Add(Message(nameof(MaxBurstWords), "must be in [1, 1048576]", MaxBurstWords));
        }

        if (SpiBus is < 0 or > 255)
        {
            errors.Add(Message(nameof(SpiBus), "must be in [0, 255]", SpiBus));
        }

        if (ChipSelect is < 0 or > 255)
        {
            errors.Add(Message(nameof(ChipSelect), "must be in [0, 255]", ChipSelect));
        }

        if (SpiClockHz is < 100_000 or > 125_000_000)
        {
            errors.Add(Message(nameof(SpiClockHz), "must be in [1e5, 1.25e8]", SpiClockHz));
        }

        return errors;
    }

    private static string Message(string name, string rule, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{name} {rule} (is {value})");
}
