namespace NodeAgent.Distillation.Estimation;

/// <summary>The binary Shannon entropy h(p) = -p log2 p - (1-p) log2 (1-p), in bits.</summary>
public static class BinaryEntropy
{
    /// <summary>h(<paramref name="p"/>), with h(0) = h(1) = 0 (the limit of p log p).</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is NaN or outside [0, 1].</exception>
    public static double H(double p)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        }

        if (p == 0.0 || p == 1.0)
        {
            return 0.0;
        }

        return (-p * Math.Log2(p)) - ((1.0 - p) * Math.Log2(1.0 - p));
    }
}
