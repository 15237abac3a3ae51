using System.Runtime.CompilerServices;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// xoshiro256** 1.0 (Blackman &amp; Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021;
/// reference C code at prng.di.unimi.it), seeded with four SplitMix64 outputs as the authors recommend. Drives the
/// per-click choices of the simulated receiver.
/// </summary>
/// <remarks>
/// A mutable struct kept in a field of its owner and advanced in place: a copy would replay the same sequence. The order
/// of draws is part of the simulation's reproducibility contract (same seed, same event stream). Not cryptographic.
/// </remarks>
internal struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        // SplitMix64 never yields four zero words in a row, so the state is valid for every seed.
        _s0 = SplitMix64.At(seed, 1);
        _s1 = SplitMix64.At(seed, 2);
        _s2 = SplitMix64.At(seed, 3);
        _s3 = SplitMix64.At(seed, 4);
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => SplitMix64.ToUnit(NextUInt64());

    /// <summary>Uniform double in (0, 1]: safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * SplitMix64.UnitScale;

    /// <summary>A fair bit (the top bit: the strongest one of xoshiro256**'s output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte NextBit() => (byte)(NextUInt64() >> 63);

    /// <summary>Uniform integer in [0, <paramref name="bound"/>), bound &gt; 0, without modulo bias.</summary>
    /// <remarks>Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019.</remarks>
    public ulong NextBelow(ulong bound)
    {
        ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }

    /// <summary>A standard normal deviate by the Box–Muller transform (Box &amp; Muller, Ann. Math. Stat. 29, 1958).</summary>
    /// <remarks>Uses two uniforms and discards the sine partner, so no hidden cache joins the generator state.</remarks>
    public double NextGaussian()
    {
        double radius = Math.Sqrt(-2.0 * Math.Log(NextDoubleNonZero()));
        return radius * Math.Cos(2.0 * Math.PI * NextDouble());
    }
}
