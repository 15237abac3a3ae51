using System.Globalization;

namespace NodeAgent.Drivers.Hardware.Tmp117;

/// <summary>Settings of a <see cref="Tmp117"/>.</summary>
public sealed class Tmp117Options
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Tmp117";

    /// <summary>Where the sensor sits, for telemetry ("detector", "laser", "enclosure").</summary>
    public string Location { get; set; } = "enclosure";

    /// <summary>
    /// How long the last conversion counts as current when Data_Ready is not set (the reset conversion cycle is 1 s,
    /// so a few seconds without a new result means the sensor stopped converting).
    /// </summary>
    public TimeSpan MaxResultAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>One message per bad setting, naming it as <c>Tmp117:Name</c>; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Location))
        {
            errors.Add($"{SectionName}:{nameof(Location)} must not be empty");
        }

        if (MaxResultAge <= TimeSpan.Zero || MaxResultAge > TimeSpan.FromHours(1))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(MaxResultAge)} must be in (0, 1 h] (is {MaxResultAge})"));
        }

        return errors;
    }
}
