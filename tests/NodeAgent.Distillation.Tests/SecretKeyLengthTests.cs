using NodeAgent.Distillation.Estimation;

namespace NodeAgent.Distillation.Tests;

public class SecretKeyLengthTests
{
    [Fact]
    public void Follows_the_Shor_Preskill_rate_with_measured_leakage()
    {
        // n(1 − h(0.25)) = 100 000 · 0.188721875540867 = 18 872.19; minus 1000 leaked and 1 % margin (1000).
        Assert.Equal(16_872, SecretKeyLength.Asymptotic(100_000, 0.25, 1000, 0.01));

        // No errors, no leakage, no margin: every bit.
        Assert.Equal(1_000_000, SecretKeyLength.Asymptotic(1_000_000, 0.0, 0, 0.0));

        // At 11 % with a Cascade-like leak of 1.2·n·h(e) nothing is left.
        long n = 1_000_000;
        long leak = (long)(1.2 * n * BinaryEntropy.H(0.11));
        Assert.Equal(0, SecretKeyLength.Asymptotic(n, 0.11, leak, 0.0));

        // 2 % QBER, f = 1.16: 1e6 · (1 − 2.16·h(0.02)) = 1e6 · (1 − 2.16 · 0.141441) ≈ 694 487.
        long leak2 = (long)(1.16 * n * BinaryEntropy.H(0.02));
        Assert.InRange(SecretKeyLength.Asymptotic(n, 0.02, leak2, 0.0), 694_480, 694_495);
    }

    [Fact]
    public void Is_zero_rather_than_negative_and_never_grows_above_one_half_qber()
    {
        Assert.Equal(0, SecretKeyLength.Asymptotic(1000, 0.05, 5000, 0.0));
        Assert.Equal(0, SecretKeyLength.Asymptotic(1000, 0.9, 0, 0.0));
        Assert.Equal(0, SecretKeyLength.Asymptotic(0, 0.01, 0, 0.0));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretKeyLength.Asymptotic(-1, 0.01, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretKeyLength.Asymptotic(10, double.NaN, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretKeyLength.Asymptotic(10, 0.01, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretKeyLength.Asymptotic(10, 0.01, 0, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretKeyLength.Asymptotic(10, 0.01, 0, 1.5));
    }
}
