namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Bob's free-running tagger clock against the shared time scale:
/// tick = round((t + offset) · k), k = (1 + ppm·1e-6) / resolution, and its inverse
/// t = round(tick / k) − offset.
/// </summary>
/// <remarks>
/// <para>
/// The ratio k is held as the fixed-point integer N = round(k · 2^53) and every product is taken in 128 bits, so the
/// mapping stays exact over the whole <see cref="long"/> range of shared picoseconds (about 106 days); a
/// <see cref="double"/> would drift by whole picoseconds after about an hour of link time. For k in [1, 2) N is the
/// double k itself, bit for bit. The forward and inverse maps use the same N, so the inverse is exact whenever a tick
/// is no longer than a picosecond (k &gt; 1) and within half a tick otherwise.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
internal readonly struct TaggerClock
{
    private const int FractionBits = 53;
    private static readonly Int128 s_half = Int128.One << (FractionBits - 1);

    private readonly long _offsetPs;
    private readonly Int128 _scale; // N = round(k · 2^53); k ≤ 1001 by validation, so N < 2^63

    public TaggerClock(double clockMismatchPpm, long offsetPs, double resolutionPs)
    {
        double ticksPerPs = (1.0 + (clockMismatchPpm * 1e-6)) / resolutionPs;
        _scale = (long)Math.Round(Math.ScaleB(ticksPerPs, FractionBits));
        _offsetPs = offsetPs;
    }

    /// <summary>The tick Bob's tagger stamps on a click at shared time <paramref name="sharedPs"/>.</summary>
    public long ToTick(long sharedPs)
    {
        // (x + 2^52) >> 53 rounds half up; the arithmetic shift floors, so negative values round the same way.
        Int128 scaled = ((Int128)(sharedPs + _offsetPs) * _scale) + s_half;
        return (long)(scaled >> FractionBits);
    }

    /// <summary>The shared time of <paramref name="tick"/>: round(tick / k) − offset, halves rounded up.</summary>
    public long ToSharedPicoseconds(long tick)
    {
        // round(tick·2^53 / N) = floor((2·tick·2^53 + N) / (2N)).
        Int128 numerator = ((Int128)tick << (FractionBits + 1)) + _scale;
        Int128 denominator = _scale << 1;
        (Int128 quotient, Int128 remainder) = Int128.DivRem(numerator, denominator);
        if (remainder < 0)
        {
            quotient--; // Int128 division truncates toward zero; we want the floor.
        }

        return (long)quotient - _offsetPs;
    }
}
