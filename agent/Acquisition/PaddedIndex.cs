using System.Runtime.InteropServices;

namespace NodeAgent.Acquisition;

/// <summary>A 64-bit index alone on its cache lines, so producer and consumer indices never share one (false sharing).</summary>
/// <remarks>128 bytes: adjacent-line prefetch on x64 pulls lines in pairs; arm64 cores use 64-byte lines.</remarks>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedIndex
{
    [FieldOffset(64)]
    public long Value;
}
