namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>Every bad setting is reported by name; the defaults are clean.</summary>
public sealed class OptionsValidationTests
{
    private static readonly Dictionary<string, Action<SimulatedLinkOptions>> s_badValues = new()
    {
        ["RepetitionRateHz=0"] = o => o.RepetitionRateHz = 0,
        ["RepetitionRateHz=NaN"] = o => o.RepetitionRateHz = double.NaN,
        ["RepetitionRateHz=1e12"] = o => o.RepetitionRateHz = 1e12,
        ["FibreLengthKm=-1"] = o => o.FibreLengthKm = -1,
        ["FibreLengthKm=Infinity"] = o => o.FibreLengthKm = double.PositiveInfinity,
        ["FibreAttenuationDbPerKm=-0.2"] = o => o.FibreAttenuationDbPerKm = -0.2,
        ["ReceiverInsertionLossDb=NaN"] = o => o.ReceiverInsertionLossDb = double.NaN,
        ["DetectorEfficiency=1.5"] = o => o.DetectorEfficiency = 1.5,
        ["DetectorEfficiency=0"] = o => o.DetectorEfficiency = 0,
        ["DarkCountRateHz=-1"] = o => o.DarkCountRateHz = -1,
        ["DarkCountRateHz=1e11"] = o => o.DarkCountRateHz = 1e11,
        ["DeadTimeNs=-5"] = o => o.DeadTimeNs = -5,
        ["TimingJitterPs=-1"] = o => o.TimingJitterPs = -1,
        ["TimingJitterPs=1e7"] = o => o.TimingJitterPs = 1e7,
        ["MisalignmentError=0.6"] = o => o.MisalignmentError = 0.6,
        ["SignalIntensity=0"] = o => o.SignalIntensity = 0,
        ["DecoyIntensity=-0.1"] = o => o.DecoyIntensity = -0.1,
        ["DecoyIntensity=0.6"] = o => o.DecoyIntensity = 0.6,
        ["VacuumIntensity=0.2"] = o => o.VacuumIntensity = 0.2,
        ["SignalProbability=1.2"] = o => o.SignalProbability = 1.2,
        ["DecoyProbability=-0.1"] = o => o.DecoyProbability = -0.1,
        ["VacuumProbability=0.3"] = o => o.VacuumProbability = 0.3,
        ["AliceZBasisProbability=1.01"] = o => o.AliceZBasisProbability = 1.01,
        ["BobZBasisProbability=-0.5"] = o => o.BobZBasisProbability = -0.5,
        ["ClockMismatchPpm=5000"] = o => o.ClockMismatchPpm = 5000,
        ["BobClockOffsetPs=-2e15"] = o => o.BobClockOffsetPs = -2_000_000_000_000_000,
        ["TagResolutionPs=0"] = o => o.TagResolutionPs = 0,
        ["TimebaseUncertaintyPs=-1"] = o => o.TimebaseUncertaintyPs = -1,
        ["EavesdropperFraction=2"] = o => o.EavesdropperFraction = 2,
        ["EavesdropperFraction=0.5 with an Attack"] = o => (o.Attack, o.EavesdropperFraction) = (EavesdropperAttack.DetectorBlinding, 0.5),
        ["Attack=9"] = o => o.Attack = (EavesdropperAttack)9,
        ["AttackFraction=1.5"] = o => o.AttackFraction = 1.5,
        ["AttackFraction=NaN"] = o => (o.Attack, o.AttackFraction) = (EavesdropperAttack.PhotonNumberSplitting, double.NaN),
        ["AttackFraction=-0.1"] = o => o.AttackFraction = -0.1,
        ["EveDetectorEfficiency=0"] = o => o.EveDetectorEfficiency = 0,
        ["Pacing=9"] = o => o.Pacing = (SimulationPacing)9,
        ["MaxSlotsPerRead=0"] = o => o.MaxSlotsPerRead = 0,
        ["TemperatureCelsius=NaN"] = o => o.TemperatureCelsius = double.NaN,
    };

    public static TheoryData<string> BadValues => [.. s_badValues.Keys];

    [Fact]
    public void Defaults_validate_clean()
    {
        var options = new SimulatedLinkOptions();
        Assert.Empty(options.Validate());
        Assert.Equal("Simulation", SimulatedLinkOptions.SectionName);
        Assert.Equal(SimulationPacing.RealTime, options.Pacing);
        Assert.Equal(1UL, options.Seed);
        Assert.Equal(1L << 24, options.MaxSlotsPerRead);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Each_bad_value_is_reported_in_messages_naming_the_setting(string badValue)
    {
        var options = new SimulatedLinkOptions();
        s_badValues[badValue](options);
        string setting = badValue[..badValue.IndexOfAny(['=', ' '])];

        IReadOnlyList<string> errors = options.Validate();

        // Usually one message; a value that also breaks a relation (probability sum, mu > nu > vacuum) gives two,
        // and each names the setting.
        Assert.InRange(errors.Count, 1, 2);
        Assert.All(errors, message => Assert.Contains("Simulation:" + setting, message, StringComparison.Ordinal));
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => new SimulatedLink(options, TimeProvider.System));
        Assert.Contains("Simulation:" + setting, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attack_defaults_to_none_on_every_slot_and_a_bad_fraction_names_the_setting()
    {
        var options = new SimulatedLinkOptions();
        Assert.Equal(EavesdropperAttack.None, options.Attack);
        Assert.Equal(1.0, options.AttackFraction);
        Assert.Equal(0.0, options.EavesdropperFraction);

        options.Attack = EavesdropperAttack.PhotonNumberSplitting;
        options.AttackFraction = 1.5;
        Assert.Equal("Simulation:AttackFraction must be in [0, 1], was 1.5", Assert.Single(options.Validate()));
    }

    [Fact]
    public void The_shorthand_and_the_attack_setting_together_are_refused_naming_both()
    {
        var options = new SimulatedLinkOptions { Attack = EavesdropperAttack.InterceptResend, EavesdropperFraction = 0.2 };
        string message = Assert.Single(options.Validate());
        Assert.Contains("Simulation:EavesdropperFraction", message, StringComparison.Ordinal);
        Assert.Contains("Simulation:Attack", message, StringComparison.Ordinal);
        Assert.Contains("Simulation:AttackFraction", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_states_the_range_and_the_offending_value()
    {
        var options = new SimulatedLinkOptions { DetectorEfficiency = 1.5 };
        Assert.Equal("Simulation:DetectorEfficiency must be in (0, 1], was 1.5", Assert.Single(options.Validate()));
    }

    [Fact]
    public void Probabilities_that_do_not_sum_to_one_are_reported_with_their_sum()
    {
        var options = new SimulatedLinkOptions { SignalProbability = 0.6 };
        string message = Assert.Single(options.Validate());
        Assert.Contains("Simulation:SignalProbability", message, StringComparison.Ordinal);
        Assert.Contains("sum to 1, was 0.9", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_problems_are_all_listed()
    {
        var options = new SimulatedLinkOptions { DetectorEfficiency = 2, MisalignmentError = -1, MaxSlotsPerRead = -3 };
        IReadOnlyList<string> errors = options.Validate();
        Assert.Equal(3, errors.Count);
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => new SimulatedLink(options, TimeProvider.System));
        foreach (string error in errors)
        {
            Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new SimulatedLink(null!, TimeProvider.System));
        Assert.Throws<ArgumentNullException>(() => new SimulatedLink(new SimulatedLinkOptions(), null!));
    }

    [Fact]
    public void Later_changes_to_the_options_object_do_not_affect_a_built_link()
    {
        var options = new SimulatedLinkOptions();
        SimulatedLink link = SimulationRun.Create(options);
        double gain = link.ExpectedGain(Hal.Transmitter.IntensityClass.Signal);
        options.FibreLengthKm = 100;
        options.SignalIntensity = 0.9;
        Assert.Equal(gain, link.ExpectedGain(Hal.Transmitter.IntensityClass.Signal));
    }
}
