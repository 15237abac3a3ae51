namespace NodeAgent.Distillation.Verification;

public static partial class Gf64
{
    // x^64 ≡ x^4 + x^3 + x + 1 (mod the field polynomial).
    private const ulong Reduction = 0x1B;

    /// <summary>
    /// Shift-and-add ("Russian peasant") multiplication: for each bit of b, add a·x^i, keeping a·x^i reduced.
    /// Runs a fixed 64 iterations with masks instead of branches, so its timing does not depend on the (secret) key.
    /// </summary>
    internal static ulong MultiplyScalar(ulong a, ulong b)
    {
        ulong product = 0;
        for (int i = 0; i < 64; i++)
        {
            product ^= a & (0UL - (b & 1));
            b >>= 1;
            a = (a << 1) ^ (Reduction & (0UL - (a >> 63)));
        }

        return product;
    }
}
