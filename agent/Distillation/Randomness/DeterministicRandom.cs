using System.Numerics;
using System.Runtime.CompilerServices;

namespace NodeAgent.Distillation.Randomness;

/// <summary>
/// xoshiro256** 1.0 (Blackman &amp; Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021;
/// reference C code at prng.di.unimi.it), seeded by expanding a 64-bit seed with SplitMix64 as the authors recommend.
/// </summary>
/// <remarks>
/// Both ends of the link derive the same permutations, samples and squashing choices from a shared public seed, so
/// every method here is part of the wire contract: changing the algorithm or the order of draws breaks interoperability.
/// This is NOT a cryptographic generator; use it only where the choices may be public.
/// It is a mutable struct: pass it by <c>ref</c>, since a copy continues the same sequence independently. Not thread-safe.
/// </remarks>
public struct DeterministicRandom
{
    private const ulong SplitMixGamma = 0x9E3779B97F4A7C15UL;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Seeds the state with four successive SplitMix64 outputs of <paramref name="seed"/>.</summary>
    public DeterministicRandom(ulong seed)
    {
        ulong state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>Creates a generator with the given raw xoshiro256** state (not all zero), for known-answer tests.</summary>
    public static DeterministicRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("The xoshiro256** state must not be all zero.", nameof(s0));
        }

        return new DeterministicRandom { _s0 = s0, _s1 = s1, _s2 = s2, _s3 = s3 };
    }

    /// <summary>
    /// One step of SplitMix64 (Steele, Lea &amp; Flood, OOPSLA 2014; Vigna's splitmix64.c): advances
    /// <paramref name="state"/> and returns the next output.
    /// </summary>
    public static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += SplitMixGamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 uniformly distributed bits (xoshiro256** <c>next()</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias, by Lemire's nearly divisionless
    /// multiply-and-reject method ("Fast random integer generation in an interval", ACM TOMACS 29(1), 2019) on
    /// 64-bit draws: the high word of draw × range, rejecting the 2^64 mod range low words that would bias it.
    /// </summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong range = (ulong)maxExclusive;
        ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            // Reject the (2^64 mod range) low products that would over-represent some outcomes.
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)high;
    }

    /// <summary>Uniform double in [0, 1) from the top 53 bits of one draw.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform bit (0 or 1): the top bit of one draw, the best-mixed bit of xoshiro256**.</summary>
    public int NextBit() => (int)(NextUInt64() >> 63);
}
