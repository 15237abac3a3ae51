namespace NodeAgent.Telemetry.Mqtt;

/// <summary>
/// Jittered exponential back-off: attempt n waits a random time in [d/2, d] with d = min(max, initial * 2^n)
/// ("equal jitter"), so a fleet of agents restarted together does not hit the broker in lock-step, yet never waits
/// less than half the nominal delay.
/// </summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, Random random)
    {
        double nominal = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        nominal = Math.Min(nominal, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((nominal / 2) + (random.NextDouble() * nominal / 2));
    }
}
