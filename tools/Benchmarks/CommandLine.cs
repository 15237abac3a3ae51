using System.Globalization;

namespace NodeAgent.Benchmarks;

/// <summary>The <c>--name value</c> options of the benchmark tool's own commands (enc-keys, soak, reconciliation-sweep).</summary>
internal static class CommandLine
{
    /// <summary>The value after <paramref name="name"/>, or <paramref name="fallback"/> when it is absent.</summary>
    public static string Option(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    /// <summary>A number after <paramref name="name"/> (invariant culture), or <paramref name="fallback"/>.</summary>
    public static double Option(string[] args, string name, double fallback) =>
        double.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
