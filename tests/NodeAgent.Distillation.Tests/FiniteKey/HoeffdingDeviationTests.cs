using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

/// <summary>
/// δ(n, ε) = √(n/2 · ln(1/ε)) against exact binomial tails: a count of n independent events, each in a class with
/// probability p, deviates from n·p by δ or more (on either side) with probability at most ε.
/// </summary>
public class HoeffdingDeviationTests
{
    public static TheoryData<int, double, double> Cases()
    {
        var data = new TheoryData<int, double, double>();
        foreach (int n in new[] { 10, 100, 1000, 10_000, 100_000 })
        {
            foreach (double p in new[] { 0.001, 0.05, 0.3, 0.5 })
            {
                foreach (double epsilon in new[] { 1e-2, 1e-6, 1e-9 / 21 })
                {
                    data.Add(n, p, epsilon);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Covers_both_binomial_tails_with_failure_probability_at_most_epsilon(int n, double p, double epsilon)
    {
        double delta = FiniteSizeCorrection.HoeffdingDeviation(n, epsilon);
        double mean = n * p;

        (double upper, double lower) = BinomialTails(n, p, mean + delta, mean - delta);

        Assert.True(upper <= epsilon, $"Pr[X ≥ np + δ] = {upper:E3} > ε = {epsilon:E3} (δ = {delta:F2})");
        Assert.True(lower <= epsilon, $"Pr[X ≤ np − δ] = {lower:E3} > ε = {epsilon:E3} (δ = {delta:F2})");
    }

    [Fact]
    public void Is_tight_within_a_small_factor_for_a_fair_coin()
    {
        // Hoeffding is loose for rare classes but close for p = 1/2, where Pr[X ≥ n/2 + δ] ≈ ε / (√(2π)·√(2 ln(1/ε)))
        // (the Gaussian tail): well above ε/100 for ε = 10^-6 and n = 10^5.
        const int n = 100_000;
        const double epsilon = 1e-6;
        double delta = FiniteSizeCorrection.HoeffdingDeviation(n, epsilon);

        (double upper, _) = BinomialTails(n, 0.5, (n / 2.0) + delta, (n / 2.0) - delta);

        Assert.InRange(upper, epsilon / 100, epsilon);
    }

    [Theory]
    [InlineData(-1.0, 0.1)]
    [InlineData(10.0, 0.0)]
    [InlineData(10.0, 1.0)]
    [InlineData(double.NaN, 0.1)]
    [InlineData(10.0, double.NaN)]
    public void Is_NaN_for_arguments_outside_its_domain(double n, double epsilon)
    {
        Assert.True(double.IsNaN(FiniteSizeCorrection.HoeffdingDeviation(n, epsilon)));
    }

    /// <summary>
    /// Pr[X ≥ a] and Pr[X ≤ b] for X ~ Binomial(n, p), summed exactly from the pmf in log space:
    /// ln P(0) = n ln(1 − p), ln P(k+1) = ln P(k) + ln((n − k)/(k + 1)) + ln(p/(1 − p)).
    /// </summary>
    private static (double Upper, double Lower) BinomialTails(int n, double p, double atLeast, double atMost)
    {
        double logOdds = Math.Log(p / (1.0 - p));
        double logPmf = n * Math.Log(1.0 - p);
        double upper = 0.0;
        double lower = 0.0;
        for (int k = 0; k <= n; k++)
        {
            if (k >= atLeast)
            {
                upper += Math.Exp(logPmf);
            }

            if (k <= atMost)
            {
                lower += Math.Exp(logPmf);
            }

            logPmf += Math.Log((double)(n - k) / (k + 1)) + logOdds;
        }

        return (upper, lower);
    }
}
