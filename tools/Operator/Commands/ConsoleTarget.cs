namespace NodeAgent.Operator.Commands;

/// <summary>Where a command writes: the output and error writers, whether output is a terminal, and its width.</summary>
/// <param name="Output">Standard output (frames, answers).</param>
/// <param name="Error">Standard error (usage errors, failures).</param>
/// <param name="IsTerminal">Whether output is an interactive terminal (ANSI redraw) rather than a pipe or file.</param>
/// <param name="Width">Current terminal width in columns (read at every frame, so resizing works).</param>
internal sealed record ConsoleTarget(TextWriter Output, TextWriter Error, bool IsTerminal, Func<int> Width)
{
    /// <summary>The width used when output is not a terminal.</summary>
    public const int DefaultWidth = 100;

    /// <summary>The process console.</summary>
    public static ConsoleTarget FromConsole()
    {
        bool terminal = !Console.IsOutputRedirected;
        return new ConsoleTarget(Console.Out, Console.Error, terminal, () => terminal ? SafeWidth() : DefaultWidth);
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth is > 0 and var w ? w : DefaultWidth;
        }
        catch (IOException)
        {
            return DefaultWidth;
        }
    }
}
