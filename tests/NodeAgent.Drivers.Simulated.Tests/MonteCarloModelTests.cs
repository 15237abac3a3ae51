using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// The simulator, read through the hal exactly as the agent reads it (tagger events → Bob's timebase → slot → Alice's
/// record), against <see cref="AnalyticalLinkModel"/>: per intensity class and basis, within four standard deviations.
/// </summary>
public sealed class MonteCarloModelTests
{
    private const double Sigmas = 4;

    private static readonly IntensityClass[] s_classes = [IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum];
    private static readonly Basis[] s_bases = [Basis.Z, Basis.X];

    public static TheoryData<string> Links => ["0km", "25km", "80km", "25km-unbalanced-bases"];

    [Theory]
    [MemberData(nameof(Links))]
    public void Observed_gain_and_per_basis_sifted_gain_and_error_rate_match_the_analytical_model_within_four_sigma(string name)
    {
        // Dead time off (the model has none). 20 kHz of dark counts per detector (Y0 = 1.6e-3) and a fifth of the slots
        // vacuum give the vacuum class a few hundred sifted clicks per basis, and make the dark-count terms of D and e
        // matter at 80 km, where they are a third of the signal's detections.
        SimulatedLinkOptions options = SimulationRun.FastOptions(seed: 2024);
        options.DeadTimeNs = 0;
        options.DarkCountRateHz = 20_000;
        options.SignalProbability = 0.6;
        options.DecoyProbability = 0.2;
        options.VacuumProbability = 0.2;
        (options.FibreLengthKm, long slotCount) = name switch
        {
            "0km" => (0.0, 5_000_000L),
            "80km" => (80.0, 40_000_000L),
            _ => (25.0, 15_000_000L),
        };
        if (name == "25km-unbalanced-bases")
        {
            options.AliceZBasisProbability = 0.8;
            options.BobZBasisProbability = 0.7;
        }

        SimulatedLink link = SimulationRun.Create(options);
        AnalyticalLinkModel model = link.AnalyticalModel;
        ClickTally tally = ClickTally.Run(link, slotCount);

        foreach (IntensityClass k in s_classes)
        {
            double d = model.DetectionProbability(k);
            Check($"{name} {k} D", tally.Gain(k), d, tally.GainSigma(k, d));
            foreach (Basis b in s_bases)
            {
                int j = ClickTally.Index(b, k);
                Assert.InRange(tally.Sifted[j], 150, long.MaxValue); // enough for the normal approximation
                double db = model.DetectionProbability(b, k);
                Check($"{name} {k} D_{b}", tally.SiftedGain(b, k), db, tally.GainSigma(b, k, db));
                double e = model.ErrorRate(b, k);
                Check($"{name} {k} E_{b}", tally.ErrorRate(b, k), e, Math.Sqrt(e * (1 - e) / tally.Sifted[j]));
            }
        }
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(1000.0)]
    public void Dead_time_reduces_each_detectors_rate_as_a_non_paralysable_counter_in_whole_slots(double deadTimeNs)
    {
        // 0 km: each detector clicks in r ≈ 1.4 % of slots, so 5 or 50 slots of dead time lose 6 % or 41 % of clicks.
        SimulatedLinkOptions options = SimulationRun.FastOptions(seed: 43);
        options.FibreLengthKm = 0;
        options.DeadTimeNs = deadTimeNs;
        SimulatedLink link = SimulationRun.Create(options);
        const long SlotCount = 2_000_000;
        List<DetectionEvent> events = SimulationRun.ReadSlots(link, SlotCount);
        long slots = link.SlotsSimulated;

        // Slots are independent, so each of the four (symmetric) detectors clicks with r = Σ_k p_k·D_k / 4 per slot.
        // Non-paralysable dead time (Knoll, Radiation Detection and Measurement, Ch. 4) counts r/(1 + r·tau) per slot in
        // continuous time. In whole slots, after a registered click the next tau − 1 slots are dead and slot tau is dead
        // half the time (the two clicks' jitters decide), so a renewal cycle lasts tau − 1/2 + 1/r slots on average.
        AnalyticalLinkModel model = link.AnalyticalModel;
        double r = s_classes.Sum(k => model.IntensityProbability(k) * model.DetectionProbability(k)) / 4;
        double tau = deadTimeNs * 1000 / link.SlotPeriodPicoseconds;
        double expected = 4 * slots * r / (1 + (r * (tau - 0.5)));
        double continuous = 4 * slots * r / (1 + (r * tau));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"dead time {deadTimeNs} ns: {events.Count} registered, expected {expected:F0} (continuous-time formula {continuous:F0}), " +
            $"{link.ClicksLostToDeadTime} lost, raw {4 * slots * r:F0}");

        // The count's spread is below Poisson (dead time regularises it); a few clicks may wait in the reorder buffer.
        Assert.InRange(events.Count, expected - (Sigmas * Math.Sqrt(expected)) - 5, expected + (Sigmas * Math.Sqrt(expected)));
        Assert.InRange(events.Count + link.ClicksLostToDeadTime, (4 * slots * r) - (Sigmas * Math.Sqrt(4 * slots * r)) - 5, (4 * slots * r) + (Sigmas * Math.Sqrt(4 * slots * r)));
    }

    private static void Check(string what, double observed, double expected, double sigma)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{what}: observed {observed:G6}, expected {expected:G6}, {(observed - expected) / sigma:+0.00;-0.00} sigma");
        Assert.True(
            Math.Abs(observed - expected) <= Sigmas * sigma,
            $"{what}: observed {observed:R}, expected {expected:R} ± {Sigmas * sigma:R}");
    }
}
