using System.Numerics;

namespace NodeAgent.Timing.Alignment;

/// <summary>
/// In-place radix-2 complex FFT (iterative Cooley-Tukey, decimation in time, bit-reversed input order), scalar.
/// </summary>
/// <remarks>
/// Forward: X[k] = Σ x[n]·e^(−2πi·kn/N); <see cref="Inverse"/> uses e^(+2πi·kn/N) and divides by N. Twiddles are
/// taken from <see cref="Math.SinCos"/> once per (stage, k), not by recurrence, so the error stays O(log N · ε).
/// Stateless and thread-safe; allocates nothing.
/// </remarks>
public static class Fft
{
    /// <summary>Transforms <paramref name="data"/> in place; its length must be a power of two (1 is allowed).</summary>
    public static void Forward(Span<Complex> data) => Transform(data, -1);

    /// <summary>Inverse transform in place, scaled by 1/N so that Inverse(Forward(x)) = x.</summary>
    public static void Inverse(Span<Complex> data)
    {
        Transform(data, +1);
        double scale = 1.0 / data.Length;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] *= scale;
        }
    }

    private static void Transform(Span<Complex> data, int sign)
    {
        int n = data.Length;
        if (n == 0 || !BitOperations.IsPow2(n))
        {
            throw new ArgumentException($"The FFT length must be a power of two; got {n}.", nameof(data));
        }

        BitReverse(data);
        for (int half = 1; half < n; half <<= 1)
        {
            int length = half << 1;
            double step = sign * Math.PI / half;
            for (int k = 0; k < half; k++)
            {
                (double sin, double cos) = Math.SinCos(step * k);
                var w = new Complex(cos, sin);
                for (int start = k; start < n; start += length)
                {
                    Complex odd = data[start + half] * w;
                    Complex even = data[start];
                    data[start] = even + odd;
                    data[start + half] = even - odd;
                }
            }
        }
    }

    private static void BitReverse(Span<Complex> data)
    {
        int n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }
    }
}
