using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// Each attack, seen as the agent sees it (per-intensity gains and sifted error rates from the tagger and Alice's
/// record), against its closed-form expectation (<see cref="AttackOracle"/>) within four standard deviations, and against
/// the honest channel it imitates.
/// </summary>
public sealed class AttackTests
{
    private const double Sigmas = 4;

    [Fact]
    public void Attack_InterceptResend_replays_the_EavesdropperFraction_shorthand_event_for_event()
    {
        SimulatedLinkOptions shorthand = SimulationRun.FastOptions(seed: 61);
        shorthand.EavesdropperFraction = 0.3;
        SimulatedLinkOptions setting = SimulationRun.FastOptions(seed: 61);
        setting.Attack = EavesdropperAttack.InterceptResend;
        setting.AttackFraction = 0.3;
        SimulatedLink first = SimulationRun.Create(shorthand);
        SimulatedLink second = SimulationRun.Create(setting);

        Assert.Equal(SimulationRun.ReadEvents(first, 20_000, 4096), SimulationRun.ReadEvents(second, 20_000, 4096));
        Assert.Equal(first.GetEavesdropperStatistics(), second.GetEavesdropperStatistics());
        Assert.Equal(EavesdropperAttack.InterceptResend, first.GetEavesdropperStatistics().Attack);
    }

    [Fact]
    public void Intercept_resend_on_every_pulse_makes_a_quarter_of_sifted_bits_wrong()
    {
        (SimulatedLink link, ClickTally tally) = Run(EavesdropperAttack.InterceptResend, 25, 4_000_000);

        double qber = tally.ErrorRate(IntensityClass.Signal);
        Report($"intercept-resend: signal QBER {qber:P2} over {tally.SiftedCount(IntensityClass.Signal)} sifted");
        Assert.InRange(qber, 0.23, 0.27);
        // Bob's gain is unchanged: Eve resends over a lossless channel with the honest click probability.
        Check("intercept-resend signal D", tally.Gain(IntensityClass.Signal), tally.Model.DetectionProbability(IntensityClass.Signal),
            tally.GainSigma(IntensityClass.Signal, tally.Model.DetectionProbability(IntensityClass.Signal)));

        EavesdropperStatistics eve = link.GetEavesdropperStatistics();
        Assert.Equal(link.SlotsSimulated, eve.PulsesAttacked);
        Assert.Equal(link.EavesdroppedClicks, eve.AttackedClicks);
        Assert.InRange((double)eve.AttackedClicks, tally.EventsRead * 0.99, tally.EventsRead); // all but the dark counts
        Assert.Equal(0, eve.PhotonsKept);
        Assert.Equal(0, eve.ForcedClicks);
    }

    [Fact]
    public void Photon_number_splitting_at_25_km_keeps_the_signal_gain_and_error_rate_but_the_decoy_gain_falls_below_a_Poisson_channel()
    {
        (SimulatedLink link, ClickTally tally) = Run(EavesdropperAttack.PhotonNumberSplitting, 25, 15_000_000);
        AnalyticalLinkModel model = tally.Model;
        (double[] gain, double[] kept, double f1, double fm) = AttackOracle.PhotonNumberSplitting(model);
        Report($"PNS 25 km: Eve forwards {f1:P1} of single photons and {fm:P0} of multi-photon remainders");
        Assert.InRange(f1, 0.15, 0.2);
        Assert.Equal(1, fm);

        CheckGains("PNS 25 km", tally, gain);
        double honestDecoy = model.DetectionProbability(IntensityClass.Decoy);
        Assert.True(
            tally.Gain(IntensityClass.Decoy) < honestDecoy - (10 * tally.GainSigma(IntensityClass.Decoy, honestDecoy)),
            $"decoy gain {tally.Gain(IntensityClass.Decoy):R} should be far below the honest {honestDecoy:R}");

        // No errors added: the signal QBER is the honest one.
        double e = model.ErrorRate(IntensityClass.Signal);
        long sifted = tally.SiftedCount(IntensityClass.Signal);
        Check("PNS 25 km signal E", tally.ErrorRate(IntensityClass.Signal), e, Math.Sqrt(e * (1 - e) / sifted));

        AssertDecoyDepartsFromPoisson("PNS 25 km", tally, below: true);

        // The decoy analysis sees the single-photon yield halved (honest: about eta).
        double y1 = ObservedSinglePhotonYieldLowerBound(tally);
        Report($"PNS 25 km: Y1^L {y1:G4}, eta {model.Transmittance:G4}, honest Y1^L {HonestSinglePhotonYieldLowerBound(model):G4}");
        Assert.InRange(y1, 0.3 * model.Transmittance, 0.65 * model.Transmittance);

        // Eve holds a photon of about two thirds of Bob's signal detections.
        EavesdropperStatistics eve = link.GetEavesdropperStatistics();
        CheckShare("PNS 25 km photons kept per click", eve.PhotonsKept, tally, kept, gain);
        Assert.Equal(link.SlotsSimulated, eve.PulsesAttacked);
        Assert.InRange(eve.AttackedClicks, eve.PhotonsKept + 1, tally.EventsRead);
        Assert.Equal(0, eve.ForcedClicks);
    }

    [Fact]
    public void Photon_number_splitting_at_80_km_leaves_the_decoy_analysis_no_single_photon_yield()
    {
        (SimulatedLink link, ClickTally tally) = Run(EavesdropperAttack.PhotonNumberSplitting, 80, 40_000_000);
        AnalyticalLinkModel model = tally.Model;
        (double[] gain, double[] kept, double f1, double fm) = AttackOracle.PhotonNumberSplitting(model);
        Report($"PNS 80 km: Eve blocks every single photon (f1 = {f1}) and forwards {fm:P1} of multi-photon remainders");
        Assert.Equal(0, f1);

        CheckGains("PNS 80 km", tally, gain);
        AssertDecoyDepartsFromPoisson("PNS 80 km", tally, below: true);

        // Every photon Bob detects is one whose twin Eve holds: the single-photon yield has collapsed to 0, and the
        // decoy bound finds nothing (honest: about eta).
        double y1 = ObservedSinglePhotonYieldLowerBound(tally);
        Report($"PNS 80 km: Y1^L {y1:G4}, eta {model.Transmittance:G4}, honest Y1^L {HonestSinglePhotonYieldLowerBound(model):G4}");
        Assert.True(y1 < 0.1 * model.Transmittance, $"Y1^L {y1:R} should be about 0");
        EavesdropperStatistics eve = link.GetEavesdropperStatistics();
        Assert.Equal(eve.AttackedClicks, eve.PhotonsKept);
        CheckShare("PNS 80 km photons kept per click", eve.PhotonsKept, tally, kept, gain);
    }

    [Fact]
    public void Photon_number_splitting_on_a_back_to_back_link_cannot_hide_the_kept_photon()
    {
        // With no fibre loss to hide in, the photon Eve keeps is missed at Bob even when she forwards everything.
        (_, ClickTally tally) = Run(EavesdropperAttack.PhotonNumberSplitting, 0, 2_000_000);
        (double[] gain, _, double f1, double fm) = AttackOracle.PhotonNumberSplitting(tally.Model);
        Assert.Equal((1.0, 1.0), (f1, fm));
        CheckGains("PNS 0 km", tally, gain);
        double honest = tally.Model.DetectionProbability(IntensityClass.Signal);
        Assert.True(tally.Gain(IntensityClass.Signal) < honest - (10 * tally.GainSigma(IntensityClass.Signal, honest)));
    }

    [Fact]
    public void Detector_blinding_leaves_the_vacuum_gain_at_dark_counts_while_the_decoy_gain_follows_Eves_detector()
    {
        (SimulatedLink link, ClickTally tally) = Run(EavesdropperAttack.DetectorBlinding, 25, 15_000_000);
        AnalyticalLinkModel model = tally.Model;
        (double[] gain, double[] forced, double c) = AttackOracle.Blinding(model, eveEfficiency: 0.5);
        Report($"blinding 25 km: Eve passes on {c:P1} of her detections");

        CheckGains("blinding 25 km", tally, gain);
        // Vacuum pulses: Eve detects next to nothing (c·(1 − e^(−eta_E·2e-4)) = 1.1e-5), so Bob sees about the dark-count
        // rate Y0 = 8e-5, which she emulates; the check above has the vacuum gain within 4 sigma of that sum.
        Assert.InRange(gain[(int)IntensityClass.Vacuum], model.VacuumYield, 1.15 * model.VacuumYield);
        double honestDecoy = model.DetectionProbability(IntensityClass.Decoy);
        Assert.True(
            tally.Gain(IntensityClass.Decoy) > honestDecoy + (5 * tally.GainSigma(IntensityClass.Decoy, honestDecoy)),
            $"decoy gain {tally.Gain(IntensityClass.Decoy):R} should be above the honest {honestDecoy:R}");
        AssertDecoyDepartsFromPoisson("blinding 25 km", tally, below: false);

        // Little QBER: only the emulated dark counts err (about e0·Y0/Q, 0.16 %).
        double qber = tally.ErrorRate(IntensityClass.Signal);
        Report($"blinding 25 km: signal QBER {qber:P3}");
        Assert.InRange(qber, 0, 0.005);

        // The decoy analysis is fooled the other way: it credits more single photons than the fibre can deliver.
        double y1 = ObservedSinglePhotonYieldLowerBound(tally);
        Report($"blinding 25 km: Y1^L {y1:G4}, eta {model.Transmittance:G4}, honest Y1^L {HonestSinglePhotonYieldLowerBound(model):G4}");
        Assert.True(y1 > model.Transmittance, $"Y1^L {y1:R} should exceed eta {model.Transmittance:R}");

        EavesdropperStatistics eve = link.GetEavesdropperStatistics();
        Assert.Equal(eve.AttackedClicks, eve.ForcedClicks);
        Assert.Equal(0, eve.PhotonsKept);
        CheckShare("blinding forced per click", eve.ForcedClicks, tally, forced, gain);
    }

    [Fact]
    public void Attack_fraction_selects_that_share_of_pulses_and_mixes_the_gains()
    {
        SimulatedLinkOptions options = Options(EavesdropperAttack.PhotonNumberSplitting, 25);
        options.AttackFraction = 0.5;
        SimulatedLink link = SimulationRun.Create(options);
        const long SlotCount = 10_000_000;
        ClickTally tally = ClickTally.Run(link, SlotCount);

        (double[] pns, _, _, _) = AttackOracle.PhotonNumberSplitting(tally.Model);
        double[] mixed = [.. new[] { IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum }
            .Select(k => (0.5 * pns[(int)k]) + (0.5 * tally.Model.DetectionProbability(k)))];
        CheckGains("PNS on half the pulses", tally, mixed);

        long attacked = link.GetEavesdropperStatistics().PulsesAttacked;
        long slots = link.SlotsSimulated;
        Check("PNS attacked share", (double)attacked / slots, 0.5, Math.Sqrt(0.25 / slots));
        Assert.Equal(attacked, link.GetEavesdropperStatistics().PulsesAttacked); // counted once
    }

    [Fact]
    public void Without_an_attack_Eve_does_nothing()
    {
        SimulatedLink link = SimulationRun.Create(SimulationRun.FastOptions(seed: 3));
        SimulationRun.ReadSlots(link, 1_000_000);
        Assert.Equal(new EavesdropperStatistics(EavesdropperAttack.None, 0, 0, 0, 0), link.GetEavesdropperStatistics());
    }

    [Theory]
    [InlineData(EavesdropperAttack.PhotonNumberSplitting)]
    [InlineData(EavesdropperAttack.DetectorBlinding)]
    public void Attacked_links_replay_for_a_seed_however_reads_are_chunked(EavesdropperAttack attack)
    {
        SimulatedLinkOptions options = SimulationRun.FastOptions(seed: 71);
        options.Attack = attack;
        options.AttackFraction = 0.7;
        DetectionEvent[] whole = SimulationRun.ReadEvents(SimulationRun.Create(options), 20_000, 20_000);
        options.MaxSlotsPerRead = 37;
        DetectionEvent[] chunked = SimulationRun.ReadEvents(SimulationRun.Create(options), 20_000, 7);
        Assert.Equal(whole, chunked);

        options.Attack = EavesdropperAttack.None;
        DetectionEvent[] honest = SimulationRun.ReadEvents(SimulationRun.Create(options), 20_000, 20_000);
        Assert.NotEqual(honest, whole);
    }

    private static SimulatedLinkOptions Options(EavesdropperAttack attack, double km)
    {
        // Dead time off: the expectations have none. Seeds differ per attack only by the attack's own draws.
        SimulatedLinkOptions options = SimulationRun.FastOptions(seed: 2025);
        options.DeadTimeNs = 0;
        options.FibreLengthKm = km;
        options.Attack = attack;
        return options;
    }

    private static (SimulatedLink Link, ClickTally Tally) Run(EavesdropperAttack attack, double km, long slotCount)
    {
        SimulatedLink link = SimulationRun.Create(Options(attack, km));
        return (link, ClickTally.Run(link, slotCount));
    }

    private static void CheckGains(string what, ClickTally tally, double[] expected)
    {
        foreach (IntensityClass k in new[] { IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum })
        {
            double d = expected[(int)k];
            Check($"{what} {k} D (honest {tally.Model.DetectionProbability(k):G4})", tally.Gain(k), d, tally.GainSigma(k, d));
        }
    }

    /// <summary>
    /// A Poisson channel is fixed by two numbers, Y0 and eta: fit them to the observed vacuum and signal gains and
    /// predict the decoy gain, 1 − (1 − Y0)·e^(−eta·nu). Under PNS the decoy gain falls below it, under blinding above.
    /// </summary>
    private static void AssertDecoyDepartsFromPoisson(string what, ClickTally tally, bool below)
    {
        AnalyticalLinkModel model = tally.Model;
        double y0 = tally.Gain(IntensityClass.Vacuum);
        double eta = -Math.Log((1 - tally.Gain(IntensityClass.Signal)) / (1 - y0)) / model.Intensity(IntensityClass.Signal);
        double predicted = 1 - ((1 - y0) * Math.Exp(-eta * model.Intensity(IntensityClass.Decoy)));
        double observed = tally.Gain(IntensityClass.Decoy);
        double sigma = tally.GainSigma(IntensityClass.Decoy, predicted);
        Report($"{what}: decoy/signal gain {observed / tally.Gain(IntensityClass.Signal):G4}, a Poisson channel fitted to signal " +
            $"and vacuum gives {predicted / tally.Gain(IntensityClass.Signal):G4} ({(observed - predicted) / sigma:+0.0;-0.0} sigma)");
        Assert.True(below ? observed < predicted - (5 * sigma) : observed > predicted + (5 * sigma));
    }

    private static double ObservedSinglePhotonYieldLowerBound(ClickTally tally) =>
        AttackOracle.SinglePhotonYieldLowerBound(
            tally.Model.Intensity(IntensityClass.Signal), tally.Model.Intensity(IntensityClass.Decoy),
            tally.Gain(IntensityClass.Signal), tally.Gain(IntensityClass.Decoy), tally.Gain(IntensityClass.Vacuum));

    private static double HonestSinglePhotonYieldLowerBound(AnalyticalLinkModel model) =>
        AttackOracle.SinglePhotonYieldLowerBound(
            model.Intensity(IntensityClass.Signal), model.Intensity(IntensityClass.Decoy),
            model.DetectionProbability(IntensityClass.Signal), model.DetectionProbability(IntensityClass.Decoy),
            model.DetectionProbability(IntensityClass.Vacuum));

    /// <summary>
    /// Checks an eavesdropper counter against its expected share of all clicks, Σ_k p_k·share_k·gain_k / Σ_k p_k·gain_k
    /// (the counters cover every event read).
    /// </summary>
    private static void CheckShare(string what, long count, ClickTally tally, double[] share, double[] gain)
    {
        double expected = 0;
        double clicks = 0;
        foreach (IntensityClass k in new[] { IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum })
        {
            expected += tally.Model.IntensityProbability(k) * share[(int)k] * gain[(int)k];
            clicks += tally.Model.IntensityProbability(k) * gain[(int)k];
        }

        expected /= clicks;
        Check(what, (double)count / tally.EventsRead, expected, Math.Sqrt(expected * (1 - expected) / tally.EventsRead));
    }

    private static void Check(string what, double observed, double expected, double sigma)
    {
        Report($"{what}: observed {observed:G6}, expected {expected:G6}, {(observed - expected) / sigma:+0.00;-0.00} sigma");
        Assert.True(
            Math.Abs(observed - expected) <= Sigmas * sigma,
            $"{what}: observed {observed:R}, expected {expected:R} ± {Sigmas * sigma:R}");
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
