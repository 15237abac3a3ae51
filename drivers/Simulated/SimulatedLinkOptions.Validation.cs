using System.Globalization;

namespace NodeAgent.Drivers.Simulated;

public sealed partial class SimulatedLinkOptions
{
    // The bounds keep the arithmetic exact (see TaggerClock: k = (1 + ppm·1e-6) / resolution ≤ 1001) and the shared
    // picosecond scale inside a long for months; they are far outside any real link's settings.
    private const double MaxRepetitionRateHz = 1e11;
    private const double MaxClockMismatchPpm = 1000;
    private const long MaxClockOffsetPs = 1_000_000_000_000_000; // 1000 s
    private const double MinTagResolutionPs = 0.001;
    private const double MaxTagResolutionPs = 1000;
    private const double MaxTimingJitterPs = 1e6;
    private const double MaxDeadTimeNs = 1e9;
    private const double MaxIntensity = 100;
    private const double ProbabilitySumTolerance = 1e-9;

    /// <summary>
    /// Checks every setting; returns one message per problem, each naming the setting as
    /// <c>Simulation:Name</c>. Empty when the options are usable.
    /// </summary>
    public IReadOnlyList<string> Validate(TimeProvider? clock = null)
    {
        var errors = new List<string>();

        bool rateValid = InRange(errors, nameof(RepetitionRateHz), RepetitionRateHz, 1, MaxRepetitionRateHz, "[1, 1e11]");
        NonNegative(errors, nameof(FibreLengthKm), FibreLengthKm);
        NonNegative(errors, nameof(FibreAttenuationDbPerKm), FibreAttenuationDbPerKm);
        NonNegative(errors, nameof(ReceiverInsertionLossDb), ReceiverInsertionLossDb);
        if (!(DetectorEfficiency > 0 && DetectorEfficiency <= 1))
        {
            Add(errors, nameof(DetectorEfficiency), "must be in (0, 1]", DetectorEfficiency);
        }

        bool darkValid = NonNegative(errors, nameof(DarkCountRateHz), DarkCountRateHz);
        if (rateValid && darkValid && DarkCountRateHz * SlotPeriodPicoseconds * 1e-12 >= 1)
        {
            Add(errors, nameof(DarkCountRateHz), "times the slot period must be below 1 (one dark count per slot)", DarkCountRateHz);
        }

        InRange(errors, nameof(DeadTimeNs), DeadTimeNs, 0, MaxDeadTimeNs, "[0, 1e9]");
        InRange(errors, nameof(TimingJitterPs), TimingJitterPs, 0, MaxTimingJitterPs, "[0, 1e6]");
        InRange(errors, nameof(MisalignmentError), MisalignmentError, 0, 0.5, "[0, 0.5]");

        if (!(SignalIntensity > 0 && SignalIntensity <= MaxIntensity))
        {
            Add(errors, nameof(SignalIntensity), "must be in (0, 100]", SignalIntensity);
        }

        InRange(errors, nameof(DecoyIntensity), DecoyIntensity, 0, MaxIntensity, "[0, 100]");
        InRange(errors, nameof(VacuumIntensity), VacuumIntensity, 0, MaxIntensity, "[0, 100]");
        // Decoy-state estimation needs mu > nu > vacuum (Ma, Qi, Zhao & Lo, PRA 72, 012326 (2005), Sec. III).
        if (DecoyIntensity >= SignalIntensity)
        {
            Add(errors, nameof(DecoyIntensity), $"must be below {SectionName}:{nameof(SignalIntensity)} ({SignalIntensity.ToString(CultureInfo.InvariantCulture)})", DecoyIntensity);
        }

        if (VacuumIntensity >= DecoyIntensity)
        {
            Add(errors, nameof(VacuumIntensity), $"must be below {SectionName}:{nameof(DecoyIntensity)} ({DecoyIntensity.ToString(CultureInfo.InvariantCulture)})", VacuumIntensity);
        }

        Probability(errors, nameof(SignalProbability), SignalProbability);
        Probability(errors, nameof(DecoyProbability), DecoyProbability);
        Probability(errors, nameof(VacuumProbability), VacuumProbability);
        double sum = SignalProbability + DecoyProbability + VacuumProbability;
        if (!(Math.Abs(sum - 1) <= ProbabilitySumTolerance))
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{SectionName}:SignalProbability + {SectionName}:DecoyProbability + {SectionName}:VacuumProbability must sum to 1, was {sum}"));
        }

        Probability(errors, nameof(AliceZBasisProbability), AliceZBasisProbability);
        Probability(errors, nameof(BobZBasisProbability), BobZBasisProbability);
        InRange(errors, nameof(ClockMismatchPpm), ClockMismatchPpm, -MaxClockMismatchPpm, MaxClockMismatchPpm, "[-1000, 1000]");
        if (BobClockOffsetPs is < -MaxClockOffsetPs or > MaxClockOffsetPs)
        {
            Add(errors, nameof(BobClockOffsetPs), "must be in [-1e15, 1e15]", BobClockOffsetPs);
        }

        InRange(errors, nameof(TagResolutionPs), TagResolutionPs, MinTagResolutionPs, MaxTagResolutionPs, "[0.001, 1000]");
        NonNegative(errors, nameof(TimebaseUncertaintyPs), TimebaseUncertaintyPs);
        Probability(errors, nameof(EavesdropperFraction), EavesdropperFraction);
        if (!Enum.IsDefined(Attack))
        {
            Add(errors, nameof(Attack), "must be None, InterceptResend, PhotonNumberSplitting or DetectorBlinding", (int)Attack);
        }
        else if (Attack != EavesdropperAttack.None && EavesdropperFraction != 0)
        {
            // Two ways of asking for an attack at once would leave one of them silently ignored.
            Add(errors, nameof(EavesdropperFraction),
                $"(the intercept-resend shorthand) must be 0 when {SectionName}:{nameof(Attack)} is set; use {SectionName}:{nameof(AttackFraction)}",
                EavesdropperFraction);
        }

        Probability(errors, nameof(AttackFraction), AttackFraction);
        if (!(EveDetectorEfficiency > 0 && EveDetectorEfficiency <= 1))
        {
            Add(errors, nameof(EveDetectorEfficiency), "must be in (0, 1]", EveDetectorEfficiency);
        }

        if (!Enum.IsDefined(Pacing))
        {
            Add(errors, nameof(Pacing), "must be RealTime or AsFastAsPossible", (int)Pacing);
        }

        if (MaxSlotsPerRead <= 0)
        {
            Add(errors, nameof(MaxSlotsPerRead), "must be positive", MaxSlotsPerRead);
        }

        InRange(errors, nameof(TemperatureCelsius), TemperatureCelsius, -100, 200, "[-100, 200]");
        if (Epoch is { } epoch)
        {
            TimeSpan age = (clock ?? TimeProvider.System).GetUtcNow() - epoch;
            if (age < TimeSpan.Zero || age > MaxEpochAge)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{SectionName}:{nameof(Epoch)} must lie in the last {MaxEpochAge.TotalDays:0} days, was {epoch:O}"));
            }
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> reports a problem; the message lists every one.</summary>
    /// <exception cref="ArgumentException">The options do not validate.</exception>
    internal void ThrowIfInvalid(TimeProvider? clock, string parameterName)
    {
        IReadOnlyList<string> errors = Validate(clock);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulation options: " + string.Join("; ", errors), parameterName);
        }
    }

    /// <summary>How old <see cref="Epoch"/> may be (shared picoseconds from it must fit a long with room to spare).</summary>
    internal static TimeSpan MaxEpochAge { get; } = TimeSpan.FromDays(50);

    private static void Probability(List<string> errors, string name, double value) =>
        InRange(errors, name, value, 0, 1, "[0, 1]");

    // Comparisons are written so that NaN fails them.
    private static bool NonNegative(List<string> errors, string name, double value)
    {
        if (value >= 0 && double.IsFinite(value))
        {
            return true;
        }

        Add(errors, name, "must be finite and non-negative", value);
        return false;
    }

    private static bool InRange(List<string> errors, string name, double value, double min, double max, string range)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        Add(errors, name, "must be in " + range, value);
        return false;
    }

    private static void Add(List<string> errors, string name, string requirement, double value) =>
        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{name} {requirement}, was {value}"));

    private static void Add(List<string> errors, string name, string requirement, long value) =>
        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{name} {requirement}, was {value}"));
}
