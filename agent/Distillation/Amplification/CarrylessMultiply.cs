using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;

namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// Carry-less (GF(2)[x]) multiplication of 64-bit words into 128-bit products: the one place that touches the
/// instruction-set-specific multipliers, x86 PCLMULQDQ (Gueron &amp; Kounavis, "Intel Carry-Less Multiplication
/// Instruction and its Usage for Computing the GCM Mode", Intel white paper 323640, 2010) and Arm's PMULL from the
/// crypto extension (exposed as <see cref="ArmAes"/>), plus the portable table method in
/// <c>CarrylessMultiply.Portable.cs</c> for CPUs with neither (a Raspberry Pi 4's Cortex-A72 has no crypto extension).
/// </summary>
/// <remarks>Bit i of a word is the coefficient of x^i. All members are stateless and thread-safe.</remarks>
internal static partial class CarrylessMultiply
{
    /// <summary>True when a hardware 64×64→128 carry-less multiply (PCLMULQDQ or PMULL) is available.</summary>
    public static bool IsHardwareAccelerated => Pclmulqdq.IsSupported || ArmAes.IsSupported;

    /// <summary>
    /// a·b with the hardware instruction: returns the low word, <paramref name="high"/> the high word (bit 127 is
    /// always zero). Only call when <see cref="IsHardwareAccelerated"/>.
    /// </summary>
    public static ulong MultiplyHardware(ulong a, ulong b, out ulong high)
    {
        Vector128<ulong> product = MultiplyPairs(Vector128.CreateScalar(a), Vector128.CreateScalar(b));
        high = product.GetElement(1);
        return product.GetElement(0);
    }

    /// <summary>
    /// a[0]·b[0] ⊕ a[1]·b[1] as one 128-bit value (low word in element 0): two products of the same diagonal of a
    /// Hankel matrix, added. Only call when <see cref="IsHardwareAccelerated"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> MultiplyPairs(Vector128<ulong> a, Vector128<ulong> b)
    {
        if (Pclmulqdq.IsSupported)
        {
            // imm8 bit 0 picks the qword of the first operand, bit 4 that of the second.
            return Pclmulqdq.CarrylessMultiply(a, b, 0x00) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        }

        if (ArmAes.IsSupported)
        {
            // PMULL multiplies the lower 64-bit lanes, PMULL2 the upper ones.
            return ArmAes.PolynomialMultiplyWideningLower(a.GetLower(), b.GetLower())
                ^ ArmAes.PolynomialMultiplyWideningUpper(a, b);
        }

        throw new PlatformNotSupportedException("No carry-less multiply instruction (PCLMULQDQ or PMULL) on this CPU.");
    }
}
