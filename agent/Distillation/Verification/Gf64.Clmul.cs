using System.Runtime.CompilerServices;
using NodeAgent.Distillation.Amplification;

namespace NodeAgent.Distillation.Verification;

public static partial class Gf64
{
    /// <summary>
    /// a·b on the hardware carry-less multiply, then reduction of the 127-bit product modulo x^64 + x^4 + x^3 + x + 1
    /// by shifts (the sparse modulus needs no second multiply; cf. Gueron &amp; Kounavis, Intel white paper 323640,
    /// 2010, §"Reduction modulo the field polynomial"). Only call when <see cref="IsHardwareAccelerated"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MultiplyClmul(ulong a, ulong b)
    {
        ulong low = CarrylessMultiply.MultiplyHardware(a, b, out ulong high);
        return Reduce(low, high);
    }

    /// <summary>(high·x^64 + low) mod the field polynomial, with x^64 ≡ x^4 + x^3 + x + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Reduce(ulong low, ulong high)
    {
        // high·(x^4 + x^3 + x + 1): its low 64 bits, and the bits the x^4, x^3 and x terms push past x^63 (degree < 4).
        ulong spill = (high >> 60) ^ (high >> 61) ^ (high >> 63);
        ulong folded = high ^ (high << 1) ^ (high << 3) ^ (high << 4);

        // spill·(x^4 + x^3 + x + 1) has degree < 8: it cannot spill again.
        folded ^= spill ^ (spill << 1) ^ (spill << 3) ^ (spill << 4);
        return low ^ folded;
    }
}
