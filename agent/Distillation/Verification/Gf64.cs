using NodeAgent.Distillation.Amplification;

namespace NodeAgent.Distillation.Verification;

/// <summary>
/// Arithmetic in GF(2^64) = GF(2)[x] / (x^64 + x^4 + x^3 + x + 1), elements as 64-bit words with bit i the
/// coefficient of x^i. The modulus is the lowest-weight irreducible polynomial of degree 64 (Seroussi, "Table of
/// low-weight binary irreducible polynomials", HP Labs HPL-98-135, 1998), so reduction is a few shifts and XORs.
/// </summary>
/// <remarks>Stateless and thread-safe. Both tiers run in time independent of the operands (keys are secret).</remarks>
public static partial class Gf64
{
    /// <summary>True when <see cref="Multiply"/> runs on a hardware carry-less multiply (PCLMULQDQ or PMULL).</summary>
    public static bool IsHardwareAccelerated => CarrylessMultiply.IsHardwareAccelerated;

    /// <summary>Product a·b in GF(2^64).</summary>
    /// <remarks>
    /// PCLMULQDQ / PMULL when present (<c>Gf64.Clmul.cs</c>), else the 64-step shift-and-add loop
    /// (<c>Gf64.Scalar.cs</c>), which stays the oracle the tests compare the hardware tier against. The scalar tier is
    /// production code: a Raspberry Pi 4 has no PMULL. (The 4-bit table multiply of the Toeplitz hash is not used here:
    /// its table addresses depend on an operand, and here both operands are secret.)
    /// </remarks>
    public static ulong Multiply(ulong a, ulong b) =>
        CarrylessMultiply.IsHardwareAccelerated ? MultiplyClmul(a, b) : MultiplyScalar(a, b);
}
