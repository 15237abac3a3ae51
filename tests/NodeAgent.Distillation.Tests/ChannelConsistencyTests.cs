using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Tests;

public class ChannelConsistencyTests
{
    // The agent's operating point: intensities 0.5 / 0.24 / 0.0002 sent with probabilities 0.3 / 0.5 / 0.2.
    private const double Signal = 0.5, Decoy = 0.24, Vacuum = 0.0002, PSignal = 0.3, PDecoy = 0.5, PVacuum = 0.2;

    [Theory]
    [InlineData(0.05, 4e-4, 1)]
    [InlineData(0.0016, 4e-4, 2)]
    [InlineData(0.2, 1e-6, 3)]
    public void Binomial_counts_from_a_Poisson_channel_pass(double eta, double y0, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        const long pulses = 50_000_000;
        int flagged = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            // Detections per intensity drawn independently of the checker, from D(mu) = 1 - (1 - Y0) e^(-eta mu).
            long s = Binomial(ref random, (long)(pulses * PSignal), Rate(eta, y0, Signal));
            long d = Binomial(ref random, (long)(pulses * PDecoy), Rate(eta, y0, Decoy));
            long v = Binomial(ref random, (long)(pulses * PVacuum), Rate(eta, y0, Vacuum));
            ChannelConsistency.Result result = ChannelConsistency.Check(pulses, s, d, v, Signal, Decoy, Vacuum, PSignal, PDecoy, PVacuum, 8, 0.03);
            flagged += result.Consistent ? 0 : 1;
            Assert.InRange(Math.Abs(result.Sigma), 0, 5.5);
        }

        Assert.Equal(0, flagged);
    }

    [Fact]
    public void A_decoy_rate_that_follows_another_detector_than_the_fibre_is_flagged()
    {
        // Faked states: clicks follow Eve's detector (efficiency 0.5), scaled to keep the signal rate of a 0.05 channel.
        const long pulses = 50_000_000;
        double scale = Rate(0.05, 0, Signal) / Rate(0.5, 0, Signal);
        long s = (long)(pulses * PSignal * Rate(0.05, 0, Signal));
        long d = (long)(pulses * PDecoy * scale * Rate(0.5, 0, Decoy));
        long v = (long)(pulses * PVacuum * 4e-4);
        ChannelConsistency.Result result = ChannelConsistency.Check(pulses, s, d, v, Signal, Decoy, Vacuum, PSignal, PDecoy, PVacuum, 8, 0.03);

        Assert.False(result.Consistent);
        Assert.True(result.RelativeDeviation > 0.03, $"relative deviation {result.RelativeDeviation}");
        Assert.Contains("passive channel", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Splitting_multi_photon_pulses_suppresses_the_decoy_and_is_flagged()
    {
        // Photon-number splitting over a lossless line: single photons blocked, multi-photon pulses always click.
        const long pulses = 50_000_000;
        static double Multi(double mu) => 1 - Math.Exp(-mu) - (mu * Math.Exp(-mu));
        long s = (long)(pulses * PSignal * Multi(Signal));
        long d = (long)(pulses * PDecoy * Multi(Decoy));
        long v = (long)(pulses * PVacuum * 4e-4);
        ChannelConsistency.Result result = ChannelConsistency.Check(pulses, s, d, v, Signal, Decoy, Vacuum, PSignal, PDecoy, PVacuum, 8, 0.03);

        Assert.False(result.Consistent);
        Assert.True(result.RelativeDeviation < -0.2, $"relative deviation {result.RelativeDeviation}");
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(1000, 0, 0, 0)]
    [InlineData(1000, 10, 0, 0)]
    [InlineData(1_000_000, 100, 100, 100)]
    [InlineData(long.MaxValue, 1, 1, 1)]
    public void Degenerate_counts_never_throw_or_give_NaN_verdicts(long pulses, long s, long d, long v)
    {
        ChannelConsistency.Result result = ChannelConsistency.Check(pulses, s, d, v, Signal, Decoy, Vacuum, PSignal, PDecoy, PVacuum, 8, 0.03);
        Assert.False(double.IsNaN(result.Sigma));
        Assert.True(result.Consistent || result.Reason is not null);
    }

    private static double Rate(double eta, double y0, double mu) => 1 - ((1 - y0) * Math.Exp(-eta * mu));

    // Normal approximation to the binomial (counts here are in the thousands or more).
    private static long Binomial(ref DeterministicRandom random, long n, double p)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Max(0, (long)Math.Round((n * p) + (z * Math.Sqrt(n * p * (1 - p)))));
    }
}
