using System.Runtime.InteropServices;

namespace NodeAgent.Hal.Gpio;

/// <summary>One edge on a GPIO input line, timestamped as close to the pin as the source can.</summary>
/// <param name="TimestampNanoseconds">
/// When the edge happened, in nanoseconds of the source's clock (the kernel's CLOCK_MONOTONIC for the character
/// device, unless configured otherwise).
/// </param>
/// <param name="Line">The line offset on its chip.</param>
/// <param name="Kind">Rising or falling.</param>
/// <param name="LineSequence">
/// The source's per-line event counter (1, 2, 3, ...); a gap means the source dropped edges. 0 when the source does
/// not count.
/// </param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct GpioEdge(long TimestampNanoseconds, int Line, GpioEdgeKind Kind, uint LineSequence);
