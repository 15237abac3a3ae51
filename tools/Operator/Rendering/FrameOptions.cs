namespace NodeAgent.Operator.Rendering;

/// <summary>How <see cref="FleetRenderer"/> draws a frame.</summary>
/// <param name="Now">The time the frame shows ("updated 0.4 s ago", chart window).</param>
/// <param name="Width">Terminal columns; charts shrink to fit.</param>
/// <param name="Color">Whether to highlight alarms and OFFLINE with ANSI SGR sequences.</param>
/// <param name="Status">The first line: broker, group, connection state.</param>
/// <param name="ChartWindow">How far back the charts reach.</param>
internal sealed record FrameOptions(DateTimeOffset Now, int Width, bool Color, string Status, TimeSpan ChartWindow)
{
    /// <summary>The widest chart drawn, in characters.</summary>
    public const int MaxChartWidth = 60;

    /// <summary>Chart width for <see cref="Width"/>: what is left beside the labels, between 8 and 60.</summary>
    public int ChartWidth => Math.Clamp(Width - 40, 8, MaxChartWidth);
}
