using NodeAgent.Hal.Gpio;

namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>A queue of edges, as the kernel's line-request event buffer hands them out.</summary>
internal sealed class FakeGpioEdgeSource : IGpioEdgeSource
{
    private readonly Queue<GpioEdge> _edges = new();

    public void Add(long nanoseconds, int line, uint lineSequence, GpioEdgeKind kind = GpioEdgeKind.Rising) =>
        _edges.Enqueue(new GpioEdge(nanoseconds, line, kind, lineSequence));

    public int ReadEdges(Span<GpioEdge> destination)
    {
        int n = 0;
        while (n < destination.Length && _edges.TryDequeue(out GpioEdge edge))
        {
            destination[n++] = edge;
        }

        return n;
    }

    public bool WaitForEdge(TimeSpan timeout) => _edges.Count > 0;
}
