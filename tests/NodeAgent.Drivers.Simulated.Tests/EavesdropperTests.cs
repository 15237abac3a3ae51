using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// Intercept-resend on a fraction f of slots. For a sifted photon click Eve's basis is wrong half the time, and then
/// Bob's bit is a coin: the photon error rate becomes (1 − f)·e_d + f·(1/4 + e_d/2) (Bennett et al., J. Cryptology 5,
/// 3 (1992)); dark counts still err half the time.
/// </summary>
public sealed class EavesdropperTests
{
    private const long SlotCount = 10_000_000;

    [Fact]
    public void Eve_on_every_pulse_pushes_the_sifted_error_rate_to_a_quarter()
    {
        (SimulatedLink link, LinkTally tally) = Run(eavesdropperFraction: 1);

        double expected = ExpectedSignalErrorRate(link, eavesdropperFraction: 1);
        Assert.InRange(expected, 0.2575, 0.2585); // 1/4 + e_d/2 = 0.2575, plus a little from dark counts
        AssertErrorRate(tally, expected);

        // Every reported photon click came from Eve's resent state; the rest of the clicks are dark counts.
        double photonShare = PhotonShare(link, tally);
        double tolerance = SimulationRun.BinomialTolerance(photonShare, tally.EventsRead);
        Assert.InRange((double)link.EavesdroppedClicks / tally.EventsRead, photonShare - tolerance, photonShare + tolerance);
    }

    [Fact]
    public void Eve_on_a_tenth_of_pulses_raises_the_error_rate_by_about_two_and_a_half_points()
    {
        (SimulatedLink honestLink, LinkTally honest) = Run(eavesdropperFraction: 0);
        (SimulatedLink link, LinkTally attacked) = Run(eavesdropperFraction: 0.1);

        Assert.Equal(0, honestLink.EavesdroppedClicks);
        AssertErrorRate(honest, ExpectedSignalErrorRate(honestLink, 0));
        AssertErrorRate(attacked, ExpectedSignalErrorRate(link, 0.1));

        // Rise f·(1/4 − e_d/2) times the photon share of signal clicks: 0.1 · 0.2425 · 0.997 ≈ 0.0242.
        double rise = ExpectedSignalErrorRate(link, 0.1) - ExpectedSignalErrorRate(honestLink, 0);
        Assert.InRange(rise, 0.023, 0.025);
        double observedRise = attacked.ErrorRate(IntensityClass.Signal) - honest.ErrorRate(IntensityClass.Signal);
        double tolerance = Math.Sqrt(
            Math.Pow(SimulationRun.BinomialTolerance(attacked.ErrorRate(IntensityClass.Signal), attacked.Sifted[0]), 2)
            + Math.Pow(SimulationRun.BinomialTolerance(honest.ErrorRate(IntensityClass.Signal), honest.Sifted[0]), 2));
        Assert.InRange(observedRise, rise - tolerance, rise + tolerance);

        // About a tenth of the photon clicks were Eve's.
        double share = 0.1 * PhotonShare(link, attacked);
        double countTolerance = SimulationRun.BinomialTolerance(share, attacked.EventsRead);
        Assert.InRange((double)link.EavesdroppedClicks / attacked.EventsRead, share - countTolerance, share + countTolerance);
    }

    private static (SimulatedLink Link, LinkTally Tally) Run(double eavesdropperFraction)
    {
        SimulatedLinkOptions options = SimulationRun.FastOptions(seed: 99);
        options.DeadTimeNs = 0;
        options.EavesdropperFraction = eavesdropperFraction;
        SimulatedLink link = SimulationRun.Create(options);
        return (link, LinkTally.Run(link, SlotCount));
    }

    /// <summary>E for the signal class: (e0·dark + e_photon·photon) / Q, photon = 1 − e^(−eta·mu), dark = Q − photon.</summary>
    private static double ExpectedSignalErrorRate(SimulatedLink link, double eavesdropperFraction)
    {
        const double Misalignment = 0.015;
        double q = link.ExpectedGain(IntensityClass.Signal);
        double photon = 1 - Math.Exp(-link.Transmittance * 0.5);
        double photonError = ((1 - eavesdropperFraction) * Misalignment) + (eavesdropperFraction * (0.25 + (Misalignment / 2)));
        return ((0.5 * (q - photon)) + (photonError * photon)) / q;
    }

    private static void AssertErrorRate(LinkTally tally, double expected)
    {
        double observed = tally.ErrorRate(IntensityClass.Signal);
        double tolerance = SimulationRun.BinomialTolerance(expected, tally.Sifted[0]);
        Assert.True(Math.Abs(observed - expected) <= tolerance, $"signal QBER {observed:R}, expected {expected:R} ± {tolerance:R}");
    }

    /// <summary>Expected share of photon clicks among all clicks, weighting each class by its slot count.</summary>
    private static double PhotonShare(SimulatedLink link, LinkTally tally)
    {
        double[] mu = [0.5, 0.1, 0.0002];
        double photons = 0;
        double clicks = 0;
        for (int k = 0; k < 3; k++)
        {
            photons += tally.Slots[k] * (1 - Math.Exp(-link.Transmittance * mu[k]));
            clicks += tally.Slots[k] * link.ExpectedGain((IntensityClass)k);
        }

        return photons / clicks;
    }
}
