using System.Runtime.InteropServices;

namespace NodeAgent.Hal.Acquisition;

/// <summary>One detector click as a time-tagger reports it: the tagger's own tick count and its input channel.</summary>
/// <remarks>16 bytes, blittable, so a reader can fill pooled buffers of them straight from a bus transfer.</remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct DetectionEvent(long Tick, int Channel);
