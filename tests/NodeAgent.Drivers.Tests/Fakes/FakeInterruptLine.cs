using NodeAgent.Hal.Gpio;

namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>An open-drain, active-low interrupt pin (the TDC7200's INTB): the device pulls it low, clearing releases it.</summary>
internal sealed class FakeInterruptLine : IGpioEdgeSource
{
    private readonly Queue<GpioEdge> _pending = new();
    private uint _sequence;
    private long _nanoseconds = 1_000;

    public bool IsLow { get; private set; }

    public int WaitCalls { get; private set; }

    /// <summary>The device raises an interrupt: a falling edge if the pin was high.</summary>
    public void Assert()
    {
        if (!IsLow)
        {
            IsLow = true;
            _nanoseconds += 1_000;
            _pending.Enqueue(new GpioEdge(_nanoseconds, 17, GpioEdgeKind.Falling, ++_sequence));
        }
    }

    /// <summary>The interrupt flags were cleared: the pull-up takes the pin high again.</summary>
    public void Release() => IsLow = false;

    public int ReadEdges(Span<GpioEdge> destination)
    {
        int n = 0;
        while (n < destination.Length && _pending.TryDequeue(out GpioEdge edge))
        {
            destination[n++] = edge;
        }

        return n;
    }

    // Nothing else can make an edge appear while the driver waits, so a fake need not sleep.
    public bool WaitForEdge(TimeSpan timeout)
    {
        WaitCalls++;
        return _pending.Count > 0;
    }
}
