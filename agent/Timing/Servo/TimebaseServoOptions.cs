namespace NodeAgent.Timing.Servo;

/// <summary>Settings of the tick → shared-time servo (configuration section <see cref="SectionName"/>).</summary>
public sealed class TimebaseServoOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "Timebase";

    /// <summary>The tagger's nominal tick length in picoseconds (the map before two references exist).</summary>
    public double TickPicoseconds { get; set; } = 1.0;

    /// <summary>References the least-squares fit spans (the newest ones).</summary>
    public int Window { get; set; } = 32;

    /// <summary>Without a reference for this long the servo is in holdover.</summary>
    public double ReferenceTimeoutSeconds { get; set; } = 3;

    /// <summary>One-sigma noise of a reference in picoseconds, assumed until the fit can measure it (three or more).</summary>
    public double ReferenceNoisePs { get; set; } = 100_000;

    /// <summary>Frequency wander of the tagger's oscillator in holdover, ppb per second (phase error grows as ½·rate·t²).</summary>
    public double HoldoverDriftPpbPerSecond { get; set; } = 1;

    /// <summary>Above this one-sigma uncertainty the timebase is no longer trusted (state Unlocked, alarm).</summary>
    public double MaxUncertaintyPs { get; set; } = 1_000_000;

    /// <summary>A reference farther than this from the prediction is an outlier; three in a row are a time step.</summary>
    public double OutlierPs { get; set; } = 10_000_000;

    /// <summary>Problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(TickPicoseconds > 0) || double.IsInfinity(TickPicoseconds))
        {
            problems.Add($"{SectionName}:TickPicoseconds must be positive and finite (got {TickPicoseconds}).");
        }

        if (Window is < 2 or > 4096)
        {
            problems.Add($"{SectionName}:Window must be in [2, 4096] (got {Window}).");
        }

        if (!(ReferenceTimeoutSeconds > 0))
        {
            problems.Add($"{SectionName}:ReferenceTimeoutSeconds must be positive (got {ReferenceTimeoutSeconds}).");
        }

        if (!(ReferenceNoisePs > 0) || !(HoldoverDriftPpbPerSecond >= 0))
        {
            problems.Add($"{SectionName}:ReferenceNoisePs must be positive and HoldoverDriftPpbPerSecond not negative.");
        }

        if (!(MaxUncertaintyPs > 0) || !(OutlierPs > 0))
        {
            problems.Add($"{SectionName}:MaxUncertaintyPs and OutlierPs must be positive.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if any.</summary>
    public void ThrowIfInvalid(string? paramName = null)
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), paramName);
        }
    }
}
