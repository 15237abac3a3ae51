namespace NodeAgent.Operator.Model;

/// <summary>Which numeric metrics a <see cref="FleetView"/> keeps a history of, how many points and for how long.</summary>
/// <param name="Metrics">The metric names to chart.</param>
/// <param name="Capacity">The most points kept per metric.</param>
/// <param name="Window">The longest age of a point kept.</param>
internal sealed record ChartSettings(IReadOnlySet<string> Metrics, int Capacity, TimeSpan Window)
{
    /// <summary>The secret key rate and the QBER of the agent's <c>link</c> device, 5 minutes, at most 600 points.</summary>
    public static ChartSettings Default { get; } = new(
        new HashSet<string>(StringComparer.Ordinal) { LinkMetricNames.SecretRate, LinkMetricNames.Qber },
        600,
        TimeSpan.FromMinutes(5));
}
