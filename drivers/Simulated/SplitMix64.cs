using System.Runtime.CompilerServices;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// The SplitMix64 output function (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014; Vigna's splitmix64.c). Used counter-style: <c>Mix(key + i·Gamma)</c> is the i-th output of a SplitMix64
/// stream started at <c>key</c>, so any index can be evaluated directly, with no state.
/// </summary>
internal static class SplitMix64
{
    /// <summary>The golden-ratio increment of SplitMix64.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Scale from the top 53 bits of a 64-bit value to a double in [0, 1).</summary>
    public const double UnitScale = 1.0 / (1UL << 53);

    /// <summary>The SplitMix64 finaliser (variant 13 of Stafford's mixers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Output <paramref name="index"/> of the stream keyed by <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong At(ulong key, long index) => Mix(key + (unchecked((ulong)index) * Gamma));

    /// <summary>A stream key derived from the run seed and a per-purpose stream number, so streams do not overlap.</summary>
    public static ulong StreamKey(ulong seed, ulong stream) => Mix(seed ^ Mix(stream * Gamma));

    /// <summary>The top 53 bits of <paramref name="bits"/> as a double in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToUnit(ulong bits) => (bits >> 11) * UnitScale;
}
