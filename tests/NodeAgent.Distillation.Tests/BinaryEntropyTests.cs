using NodeAgent.Distillation.Estimation;

namespace NodeAgent.Distillation.Tests;

public class BinaryEntropyTests
{
    [Fact]
    public void Known_values()
    {
        Assert.Equal(0.0, BinaryEntropy.H(0.0));
        Assert.Equal(0.0, BinaryEntropy.H(1.0));
        Assert.Equal(1.0, BinaryEntropy.H(0.5), 15);

        // h(1/4) = 2 − (3/4)·log2 3 = 0.811278124459133 (exact closed form).
        Assert.Equal(2.0 - (0.75 * Math.Log2(3.0)), BinaryEntropy.H(0.25), 14);
        Assert.Equal(0.811278124459133, BinaryEntropy.H(0.25), 12);

        // The Shor–Preskill threshold: 1 − 2h(e) = 0 near e = 11 % (h(0.11) = 0.49992).
        Assert.Equal(0.4999, BinaryEntropy.H(0.11), 3);
        Assert.InRange(1.0 - (2.0 * BinaryEntropy.H(0.11)), 0.0, 0.001);
        Assert.True(1.0 - (2.0 * BinaryEntropy.H(0.111)) < 0.0);
    }

    [Fact]
    public void Is_symmetric_about_one_half()
    {
        for (double p = 0.001; p < 0.5; p += 0.013)
        {
            Assert.Equal(BinaryEntropy.H(p), BinaryEntropy.H(1.0 - p), 12);
        }
    }

    [Theory]
    [InlineData(-0.0001)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rejects_values_outside_the_unit_interval(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryEntropy.H(p));
    }
}
