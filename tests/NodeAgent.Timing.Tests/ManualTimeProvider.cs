namespace NodeAgent.Timing.Tests;

/// <summary>A clock that moves only when a test says so (no timers: the code under test is polled explicitly).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _timestampNs = 1_000_000_000;
    private DateTimeOffset _utcNow = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => 1_000_000_000;

    public override long GetTimestamp() => _timestampNs;

    public override DateTimeOffset GetUtcNow() => _utcNow;

    public void Advance(TimeSpan delta)
    {
        _timestampNs += delta.Ticks * 100;
        _utcNow += delta;
    }
}
