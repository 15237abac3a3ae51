namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>A clock that moves by a fixed step each time it is read, so a polling loop reaches its deadline without real waiting.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks += step.Ticks;
}
