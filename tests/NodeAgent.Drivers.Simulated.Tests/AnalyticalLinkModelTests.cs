using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// The public closed-form model against numbers worked out by hand (in Python, from
/// D_b,k = q_b·(1 − e^(−eta·mu_k)) + (Y0/2)·e^(−eta·mu_k) and
/// e_b,k·D_b,k = (1/2)·(Y0/2)·e^(−eta·mu_k) + e_mis·q_b·(1 − e^(−eta·mu_k))), not against the implementation.
/// </summary>
public sealed class AnalyticalLinkModelTests
{
    private const double RelativeTolerance = 1e-12;

    [Fact]
    public void Defaults_give_the_four_detector_gain_and_half_of_it_per_basis()
    {
        var model = new AnalyticalLinkModel(new SimulatedLinkOptions());

        Assert.Equal(4, AnalyticalLinkModel.DetectorCount);
        AssertRelative(0.0502377286301916, model.Transmittance);
        AssertRelative(Math.Pow(10, -0.5), model.FibreTransmittance);
        AssertRelative(0.2 * Math.Pow(10, -0.1), model.ReceiverEfficiency);
        AssertRelative(2e-5, model.DarkCountProbabilityPerSlot);
        AssertRelative(7.99976000320779e-05, model.VacuumYield);
        AssertRelative(0.024884023805412325, model.DetectionProbability(IntensityClass.Signal));
        AssertRelative(0.005090771539597916, model.DetectionProbability(IntensityClass.Decoy));
        AssertRelative(9.004429150616389e-05, model.DetectionProbability(IntensityClass.Vacuum));
        foreach (Basis b in new[] { Basis.Z, Basis.X })
        {
            AssertRelative(0.012442011902706157, model.DetectionProbability(b, IntensityClass.Signal));
            AssertRelative(0.0025453857697989852, model.DetectionProbability(b, IntensityClass.Decoy));
            AssertRelative(4.5022145753095706e-05, model.DetectionProbability(b, IntensityClass.Vacuum));
            AssertRelative(0.016520509382764007, model.ErrorRate(b, IntensityClass.Signal));
            AssertRelative(0.02258321365732724, model.ErrorRate(b, IntensityClass.Decoy));
            AssertRelative(0.4458817975625857, model.ErrorRate(b, IntensityClass.Vacuum));
        }

        AssertRelative(0.016520509382764007, model.ErrorRate(IntensityClass.Signal));
    }

    [Fact]
    public void Unbalanced_bases_split_photon_clicks_by_the_beam_splitter_and_dark_counts_evenly()
    {
        var model = new AnalyticalLinkModel(new SimulatedLinkOptions { AliceZBasisProbability = 0.9, BobZBasisProbability = 0.8 });

        Assert.Equal(0.9, model.AliceBasisProbability(Basis.Z));
        Assert.Equal(0.2, model.BobBasisProbability(Basis.X), 1e-15);
        AssertRelative(0.01988381509071518, model.DetectionProbability(Basis.Z, IntensityClass.Signal));
        AssertRelative(0.005000208714697134, model.DetectionProbability(Basis.X, IntensityClass.Signal));
        AssertRelative(0.0040487382162564724, model.DetectionProbability(Basis.Z, IntensityClass.Decoy));
        AssertRelative(4.200789717820976e-05, model.DetectionProbability(Basis.X, IntensityClass.Vacuum));
        AssertRelative(0.01595143692255316, model.ErrorRate(Basis.Z, IntensityClass.Signal));
        AssertRelative(0.018783481234077262, model.ErrorRate(Basis.X, IntensityClass.Signal));
        AssertRelative(0.0335235958393437, model.ErrorRate(Basis.X, IntensityClass.Decoy));
        AssertRelative(0.4188442802298003, model.ErrorRate(Basis.Z, IntensityClass.Vacuum));
        AssertRelative(0.016028416878025233, model.ErrorRate(IntensityClass.Signal));
        AssertRelative(0.42397688019081925, model.ErrorRate(IntensityClass.Vacuum));

        // A detection lands in one basis or the other: the two per-basis probabilities add up to D_k.
        foreach (IntensityClass k in new[] { IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum })
        {
            AssertRelative(model.DetectionProbability(k), model.DetectionProbability(Basis.Z, k) + model.DetectionProbability(Basis.X, k));
        }
    }

    [Fact]
    public void The_link_exposes_the_model_of_its_own_options_and_Ma_et_al_differ_only_by_absorbed_dark_counts()
    {
        var options = new SimulatedLinkOptions { FibreLengthKm = 80, Attack = EavesdropperAttack.DetectorBlinding };
        SimulatedLink link = SimulationRun.Create(options);
        AnalyticalLinkModel model = link.AnalyticalModel;

        Assert.Equal(link.Transmittance, model.Transmittance);
        Assert.Equal(link.SlotPeriodPicoseconds, model.SlotPeriodPicoseconds);
        Assert.Equal(options.SignalIntensity, model.Intensity(IntensityClass.Signal));
        Assert.Equal(0.2, model.IntensityProbability(IntensityClass.Decoy));
        foreach (IntensityClass k in new[] { IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum })
        {
            // The analytical model describes the honest link even when the link has an eavesdropper.
            Assert.Equal(link.ExpectedGain(k), model.DetectionProbability(k));

            // Ma et al.'s E_k counts e0·Y0 for dark counts; the registered-click model e0·Y0·e^(−eta·mu).
            double photon = 1 - Math.Exp(-model.Transmittance * model.Intensity(k));
            double absorbed = 0.5 * model.VacuumYield * photon / model.DetectionProbability(k);
            AssertRelative(link.ExpectedErrorRate(k) - absorbed, model.ErrorRate(k), 1e-9);
        }
    }

    [Fact]
    public void Bad_options_and_arguments_are_rejected()
    {
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => new AnalyticalLinkModel(new SimulatedLinkOptions { FibreLengthKm = -3 }));
        Assert.Contains("Simulation:FibreLengthKm", thrown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new AnalyticalLinkModel(null!));

        var model = new AnalyticalLinkModel(new SimulatedLinkOptions());
        Assert.Throws<ArgumentOutOfRangeException>(() => model.DetectionProbability((Basis)2, IntensityClass.Signal));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ErrorRate(Basis.Z, (IntensityClass)5));
    }

    private static void AssertRelative(double expected, double actual, double tolerance = RelativeTolerance) =>
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R}");
}
