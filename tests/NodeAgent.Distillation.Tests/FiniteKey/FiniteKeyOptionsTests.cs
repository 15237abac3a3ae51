using NodeAgent.Distillation.Estimation.FiniteKey;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Distillation.Tests.FiniteKey;

public class FiniteKeyOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new FiniteKeyOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(DecoyMethod.TwoDecoy, options.Method);
        Assert.Equal(1e-9, options.EpsilonSecrecy);
        Assert.Equal(1e-15, options.EpsilonCorrectness);
        Assert.Equal(0.11, options.MaxQber);
    }

    [Fact]
    public void Every_broken_setting_is_reported_by_name()
    {
        var options = new FiniteKeyOptions
        {
            Method = (DecoyMethod)9,
            EpsilonSecrecy = 1.5,
            EpsilonCorrectness = -1,
            MaxQber = 0.6,
        };

        IReadOnlyList<string> messages = options.Validate();

        Assert.Equal(4, messages.Count);
        Assert.Contains(messages, m => m.StartsWith("Method", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("EpsilonSecrecy", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("EpsilonCorrectness", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("MaxQber", StringComparison.Ordinal));
    }

    [Fact]
    public void Intensities_validation_names_the_value_and_follows_each_method()
    {
        Assert.Null(new Intensities(0.5, 0.1, 0.0, 0.7, 0.2, 0.1).Validate(DecoyMethod.TwoDecoy));
        Assert.Null(new Intensities(0.5, 0.1, 0.0, 0.7, 0.3, 0.0).Validate(DecoyMethod.OneDecoy));

        // Two decoys need μ1 > μ2 + μ3: 0.5 > 0.3 + 0.25 fails although μ1 > μ2.
        Assert.Contains("Signal", new Intensities(0.5, 0.3, 0.25, 0.7, 0.2, 0.1).Validate(DecoyMethod.TwoDecoy), StringComparison.Ordinal);
        Assert.Contains("Vacuum", new Intensities(0.5, 0.1, -0.01, 0.7, 0.2, 0.1).Validate(DecoyMethod.TwoDecoy), StringComparison.Ordinal);
        Assert.Contains("sum to 1", new Intensities(0.5, 0.1, 0.0, 0.7, 0.2, 0.2).Validate(DecoyMethod.TwoDecoy), StringComparison.Ordinal);
        Assert.Contains("VacuumProbability", new Intensities(0.5, 0.1, 0.0, 0.7, 0.2, 0.0).Validate(DecoyMethod.TwoDecoy), StringComparison.Ordinal);
        Assert.Contains("Decoy", new Intensities(0.5, 0.0, 0.0, 0.7, 0.3, 0.0).Validate(DecoyMethod.OneDecoy), StringComparison.Ordinal);
        Assert.Contains("VacuumProbability", new Intensities(0.5, 0.1, 0.0, 0.6, 0.3, 0.1).Validate(DecoyMethod.OneDecoy), StringComparison.Ordinal);
    }

    [Fact]
    public void Photon_number_probabilities_are_the_intensity_weighted_Poisson_terms()
    {
        var intensities = new Intensities(0.5, 0.1, 0.0, 0.7, 0.2, 0.1);

        // τ0 = 0.7 e^-0.5 + 0.2 e^-0.1 + 0.1; τ1 = 0.7·0.5 e^-0.5 + 0.2·0.1 e^-0.1; τ2 = 0.7·0.125 e^-0.5 + 0.2·0.005 e^-0.1.
        Assert.Equal((0.7 * Math.Exp(-0.5)) + (0.2 * Math.Exp(-0.1)) + 0.1, intensities.PhotonNumberProbability(0), 15);
        Assert.Equal((0.35 * Math.Exp(-0.5)) + (0.02 * Math.Exp(-0.1)), intensities.PhotonNumberProbability(1), 15);
        Assert.Equal((0.0875 * Math.Exp(-0.5)) + (0.001 * Math.Exp(-0.1)), intensities.PhotonNumberProbability(2), 15);
    }

    [Fact]
    public void Intensity_counts_accumulate_per_class_and_refuse_to_overflow()
    {
        var counts = new IntensityCounts();
        counts.Add(IntensityClass.Signal, 10, 1);
        counts.Add(IntensityClass.Decoy, 5, 2);
        counts.Add(IntensityClass.Vacuum, 3, 3);
        counts.Add(IntensityClass.Signal, 4_000_000_000, 1);

        Assert.Equal(4_000_000_010, counts.Detections(IntensityClass.Signal));
        Assert.Equal(2, counts.Errors(IntensityClass.Signal));
        Assert.Null(counts.TryGetTotals(out long detections, out long errors));
        Assert.Equal(4_000_000_018, detections);
        Assert.Equal(7, errors);
        Assert.Throws<OverflowException>(() => counts.Add(IntensityClass.Signal, long.MaxValue, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => counts.Add((IntensityClass)5, 1, 0));
    }
}
