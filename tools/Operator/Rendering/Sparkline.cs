namespace NodeAgent.Operator.Rendering;

/// <summary>
/// A one-line chart of a series in the eight Unicode block elements U+2581..U+2588 (▁▂▃▄▅▆▇█), always exactly
/// <c>width</c> characters: the last <c>width</c> values, right-aligned, padded on the left with spaces.
/// </summary>
/// <remarks>
/// Scaling is from the smallest to the largest finite value shown, so small changes of a steady value (a QBER
/// moving between 1.58 % and 1.62 %) stay visible. Edge cases: no values gives only spaces; a constant series is drawn
/// at mid height (▄), or at the bottom (▁) when it is 0; NaN and infinities are gaps (a space). Pure.
/// </remarks>
internal static class Sparkline
{
    /// <summary>The eight levels, lowest first.</summary>
    public const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>Draws <paramref name="values"/> in <paramref name="width"/> characters.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is negative.</exception>
    public static string Render(ReadOnlySpan<double> values, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (values.Length > width)
        {
            values = values[^width..];
        }

        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var chars = new char[width];
        int pad = width - values.Length;
        chars.AsSpan(0, pad).Fill(' ');
        for (int i = 0; i < values.Length; i++)
        {
            chars[pad + i] = Level(values[i], min, max);
        }

        return new string(chars);
    }

    private static char Level(double value, double min, double max)
    {
        if (!double.IsFinite(value))
        {
            return ' ';
        }

        if (max <= min)
        {
            return value == 0 ? Blocks[0] : Blocks[3];
        }

        int level = (int)Math.Round((value - min) / (max - min) * (Blocks.Length - 1));
        return Blocks[Math.Clamp(level, 0, Blocks.Length - 1)];
    }
}
