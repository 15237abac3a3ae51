namespace NodeAgent.Distillation.Verification;

/// <summary>
/// Arithmetic in GF(2^64) = GF(2)[x] / (x^64 + x^4 + x^3 + x + 1), elements as 64-bit words with bit i the
/// coefficient of x^i. The modulus is the lowest-weight irreducible polynomial of degree 64 (Seroussi, "Table of
/// low-weight binary irreducible polynomials", HP Labs HPL-98-135, 1998), so reduction is a few shifts and XORs.
/// </summary>
public static partial class Gf64
{
    /// <summary>Product a·b in GF(2^64).</summary>
    /// <remarks>Scalar tier; the carry-less-multiply (PCLMULQDQ / PMULL) tiers must agree with it bit for bit.</remarks>
    public static ulong Multiply(ulong a, ulong b) => MultiplyScalar(a, b);
}
