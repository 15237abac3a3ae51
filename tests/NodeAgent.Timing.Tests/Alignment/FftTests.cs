using System.Numerics;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Timing.Tests.Alignment;

public sealed class FftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    public void Forward_matches_a_direct_DFT_on_random_input(int n)
    {
        var random = new Random(1234 + n);
        var data = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            data[i] = new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5);
        }

        Complex[] expected = DirectDft(data);
        Fft.Forward(data);
        for (int k = 0; k < n; k++)
        {
            Assert.True((data[k] - expected[k]).Magnitude < 1e-9 * Math.Max(1, n), $"bin {k}: {data[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void Inverse_undoes_forward()
    {
        var random = new Random(7);
        var original = new Complex[1 << 12];
        for (int i = 0; i < original.Length; i++)
        {
            original[i] = new Complex(random.NextDouble(), random.NextDouble());
        }

        Complex[] data = (Complex[])original.Clone();
        Fft.Forward(data);
        Fft.Inverse(data);
        for (int i = 0; i < data.Length; i++)
        {
            Assert.True((data[i] - original[i]).Magnitude < 1e-12, $"sample {i}");
        }
    }

    [Fact]
    public void A_tone_lands_in_its_bin_and_an_impulse_is_flat()
    {
        const int n = 256;
        var tone = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            tone[i] = Complex.FromPolarCoordinates(1, 2 * Math.PI * 37 * i / n);
        }

        Fft.Forward(tone);
        Assert.Equal(n, tone[37].Magnitude, 9);
        Assert.All(tone.Where((_, k) => k != 37), z => Assert.True(z.Magnitude < 1e-9));

        var impulse = new Complex[n];
        impulse[0] = Complex.One;
        Fft.Forward(impulse);
        Assert.All(impulse, z => Assert.Equal(1.0, z.Real, 12));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(12)]
    public void Lengths_that_are_not_powers_of_two_are_refused(int n) =>
        Assert.Throws<ArgumentException>(() => Fft.Forward(new Complex[n]));

    private static Complex[] DirectDft(Complex[] x)
    {
        int n = x.Length;
        var result = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            Complex sum = Complex.Zero;
            for (int j = 0; j < n; j++)
            {
                sum += x[j] * Complex.FromPolarCoordinates(1, -2 * Math.PI * ((long)k * j % n) / n);
            }

            result[k] = sum;
        }

        return result;
    }
}
