using System.Globalization;

namespace NodeAgent.Operator.Rendering;

/// <summary>Number formats of the fleet view, invariant culture, matching the agent's status line.</summary>
internal static class Units
{
    /// <summary>A rate or count with an SI prefix, e.g. <c>921.9k</c>, <c>1.23M</c>; <c>-</c> when unknown.</summary>
    public static string Si(double? value)
    {
        if (value is not double v || !double.IsFinite(v))
        {
            return "-";
        }

        double a = Math.Abs(v);
        return a switch
        {
            >= 1e9 => Invariant($"{v / 1e9:0.00}G"),
            >= 1e6 => Invariant($"{v / 1e6:0.00}M"),
            >= 1e3 => Invariant($"{v / 1e3:0.0}k"),
            _ => Invariant($"{v:0.#}"),
        };
    }

    /// <summary>A fraction as a percentage with two decimals, e.g. <c>1.60 %</c>; <c>-</c> when unknown.</summary>
    public static string Percent(double? fraction) =>
        fraction is double f && double.IsFinite(f) ? Invariant($"{f * 100:0.00} %") : "-";

    /// <summary>A whole number, e.g. <c>11965</c>; <c>-</c> when unknown.</summary>
    public static string Count(double? value) =>
        value is double v && double.IsFinite(v) ? Invariant($"{v:0}") : "-";

    /// <summary>A duration in seconds or minutes, e.g. <c>0.4 s</c>, <c>3 min</c>.</summary>
    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 0 => "0.0 s",
        < 60 => Invariant($"{age.TotalSeconds:0.0} s"),
        < 3600 => Invariant($"{age.TotalMinutes:0} min"),
        _ => Invariant($"{age.TotalHours:0.0} h"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
