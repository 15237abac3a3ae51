using System.Runtime.CompilerServices;

namespace NodeAgent.Hal.Timing;

/// <summary>
/// The public synchronisation pattern both ends of a link know: a pseudo-random subset of slots, about one in
/// <see cref="BlankOneIn"/>, in which the transmitter sends no pulse ("blank" slots). The receiver finds the absolute
/// slot index by cross-correlating its detections with the pattern; blank slots never carry key.
/// </summary>
/// <remarks>
/// <para>
/// Slot s is blank when the SplitMix64 hash of (s mod <see cref="PeriodSlots"/>) falls in the lowest 1/32 of its
/// range. The pattern repeats every 2^17 slots (2.6 ms at 50 MHz), so a correlation over one period resolves any offset
/// within ±2^16 slots of a prior estimate (±1.3 ms at 50 MHz) with one 2^17-point FFT. A hash, not an LFSR, so the
/// blanks are not correlated with any sub-period. The constants are part of the optical wire format: never change them.
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class SyncPattern
{
    /// <summary>log2 of <see cref="PeriodSlots"/>.</summary>
    public const int PeriodLog2 = 17;

    /// <summary>Slots after which the pattern repeats.</summary>
    public const int PeriodSlots = 1 << PeriodLog2;

    /// <summary>On average one slot in this many is blank.</summary>
    public const int BlankOneIn = 32;

    private const ulong Key = 0x51C0_DE5A_1F00_B1A7UL;
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private const ulong Threshold = ulong.MaxValue / BlankOneIn;

    /// <summary>Whether the transmitter leaves <paramref name="slot"/> empty (any slot, including negative ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlank(long slot) => IsBlankInPeriod((int)(slot & (PeriodSlots - 1)));

    /// <summary>Whether position <paramref name="index"/> in [0, <see cref="PeriodSlots"/>) of the pattern is blank.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlankInPeriod(int index)
    {
        // SplitMix64's finaliser (Steele, Lea & Flood, OOPSLA 2014) over a counter: an avalanche hash of the index.
        ulong z = Key + ((ulong)index * Gamma);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z < Threshold;
    }
}
