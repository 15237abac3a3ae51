using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// The analytical model against numbers worked out by hand (in Python, from the formulas of Ma, Qi, Zhao &amp; Lo,
/// PRA 72, 012326 (2005), Sec. II), not against the implementation itself.
/// </summary>
public sealed class AnalyticalModelTests
{
    private const double RelativeTolerance = 1e-12;

    [Fact]
    public void Back_to_back_link_without_dark_counts_has_gain_one_minus_exp_of_eta_mu_and_error_rate_e_d()
    {
        // 0 km, no insertion loss: eta is the detector efficiency, 0.25. With Y0 = 0, Q = 1 − e^(−0.25·mu), E = e_d.
        SimulatedLink link = SimulationRun.Create(new SimulatedLinkOptions
        {
            FibreLengthKm = 0,
            ReceiverInsertionLossDb = 0,
            DetectorEfficiency = 0.25,
            DarkCountRateHz = 0,
        });

        Assert.Equal(0.25, link.Transmittance, RelativeTolerance);
        Assert.Equal(0.0, link.DarkCountProbabilityPerSlot);
        AssertRelative(0.11750309741540454, link.ExpectedGain(IntensityClass.Signal));
        AssertRelative(0.024690087971667385, link.ExpectedGain(IntensityClass.Decoy));
        AssertRelative(4.999875002087428e-05, link.ExpectedGain(IntensityClass.Vacuum));
        foreach (IntensityClass k in new[] { IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum })
        {
            AssertRelative(0.015, link.ExpectedErrorRate(k));
        }
    }

    [Fact]
    public void Dark_counts_enter_as_one_minus_the_chance_that_none_of_four_detectors_fires()
    {
        // P = 10 ns at 100 MHz; 1 MHz of dark counts gives p_d = 0.01 per detector, Y0 = 1 − 0.99^4 = 0.03940399.
        SimulatedLink link = SimulationRun.Create(new SimulatedLinkOptions
        {
            RepetitionRateHz = 1e8,
            FibreLengthKm = 0,
            ReceiverInsertionLossDb = 0,
            DetectorEfficiency = 0.25,
            DarkCountRateHz = 1e6,
        });

        Assert.Equal(10_000, link.SlotPeriodPicoseconds);
        AssertRelative(0.01, link.DarkCountProbabilityPerSlot);
        AssertRelative(0.15227699653987892, link.ExpectedGain(IntensityClass.Signal));
        AssertRelative(0.06312118999213279, link.ExpectedGain(IntensityClass.Decoy));
        AssertRelative(0.039452018599775096, link.ExpectedGain(IntensityClass.Vacuum));
        AssertRelative(0.14095721579069806, link.ExpectedErrorRate(IntensityClass.Signal));
        AssertRelative(0.3179969566808989, link.ExpectedErrorRate(IntensityClass.Decoy));
        AssertRelative(0.4994103136046544, link.ExpectedErrorRate(IntensityClass.Vacuum));
    }

    [Fact]
    public void Defaults_give_the_25_km_metro_link_numbers()
    {
        // eta = 10^(−(0.2·25 + 1)/10)·0.2; p_d = 1000 Hz · 20 ns.
        SimulatedLink link = SimulationRun.Create(new SimulatedLinkOptions());

        Assert.Equal(20_000, link.SlotPeriodPicoseconds);
        AssertRelative(0.0502377286301916, link.Transmittance);
        AssertRelative(2e-5, link.DarkCountProbabilityPerSlot);
        AssertRelative(0.024884023805412325, link.ExpectedGain(IntensityClass.Signal));
        AssertRelative(0.005090771539597916, link.ExpectedGain(IntensityClass.Decoy));
        AssertRelative(9.004429150616389e-05, link.ExpectedGain(IntensityClass.Vacuum));
        AssertRelative(0.01656038278370638, link.ExpectedErrorRate(IntensityClass.Signal));
        AssertRelative(0.022622587056422647, link.ExpectedErrorRate(IntensityClass.Decoy));
        AssertRelative(0.4458862607857179, link.ExpectedErrorRate(IntensityClass.Vacuum));
    }

    [Fact]
    public void Very_long_fibre_keeps_the_photon_term_instead_of_rounding_it_away()
    {
        // 400 km (81 dB): eta·mu is 8e-10 (signal) and 3e-13 (vacuum). 1 − exp(−x) computed naively keeps only
        // 1e-16 / x of relative precision (1e-7 and 3e-4), so this 1e-9 check fails unless the cancellation is avoided.
        SimulatedLink link = SimulationRun.Create(new SimulatedLinkOptions { FibreLengthKm = 400, DarkCountRateHz = 0 });

        double eta = Math.Pow(10, -8.1) * 0.2;
        AssertRelative(eta * 0.5, link.ExpectedGain(IntensityClass.Signal), 1e-9);
        AssertRelative(eta * 0.0002, link.ExpectedGain(IntensityClass.Vacuum), 1e-9);
    }

    [Fact]
    public void Unknown_intensity_class_is_rejected()
    {
        SimulatedLink link = SimulationRun.Create(new SimulatedLinkOptions());
        Assert.Throws<ArgumentOutOfRangeException>(() => link.ExpectedGain((IntensityClass)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => link.ExpectedErrorRate((IntensityClass)7));
    }

    private static void AssertRelative(double expected, double actual, double tolerance = RelativeTolerance) =>
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R}");
}
