using NodeAgent.Hal.Timing;

namespace NodeAgent.Distillation.Tests;

/// <summary>A locked timebase with shared time = offset + tick · picosecondsPerTick.</summary>
internal sealed class FakeTimebase(long offsetPs = 0, long picosecondsPerTick = 1) : ITimebase
{
    public TimebaseState State => TimebaseState.Locked;

    public double UncertaintyPicoseconds => 0;

    public long ToSharedPicoseconds(long tick) => offsetPs + (tick * picosecondsPerTick);
}
