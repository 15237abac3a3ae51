using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

/// <summary>
/// Degenerate statistics give a discarded block with a reason — never an exception, a NaN or a negative length.
/// </summary>
public class DegenerateInputTests
{
    private static readonly Intensities s_three = new(0.5, 0.1, 2e-4, 0.7, 0.2, 0.1);
    private static readonly IntensityCounts s_key = new(9_416_830, 565_768, 17_402, 282_575, 29_659, 8_448);
    private static readonly IntensityCounts s_test = new(1_883_320, 113_152, 3_480, 56_515, 5_932, 1_690);
    private static readonly FiniteKeyOptions s_options = new();

    [Fact]
    public void An_empty_block_is_discarded()
    {
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(default, default, s_three, 0, s_options), "empty block");
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(default, s_test, s_three, 0, s_options), "empty block");
    }

    [Fact]
    public void No_detections_in_the_test_basis_is_discarded()
    {
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, default, s_three, 0, s_options), "no detections in the test basis");
    }

    [Fact]
    public void No_errors_in_the_test_basis_is_discarded_rather_than_certifying_a_zero_phase_error()
    {
        IntensityCounts test = s_test;
        test.SignalErrors = 0;
        test.DecoyErrors = 0;
        test.VacuumErrors = 0;

        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, test, s_three, 0, s_options), "error bound of the test basis is zero");
    }

    [Fact]
    public void Zero_vacuum_counts_only_lose_the_vacuum_credit()
    {
        // Short links see no vacuum detections in most blocks; s_{key,0} ≥ 0 is then the only valid lower bound, and
        // the single-photon bound carries on with n+_{μ3} = δ/p_μ3. Not a discard: rejecting would stop every short link.
        IntensityCounts key = s_key;
        key.VacuumDetections = 0;
        key.VacuumErrors = 0;
        IntensityCounts test = s_test;
        test.VacuumDetections = 0;
        test.VacuumErrors = 0;

        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(key, test, s_three, 2_000_000, s_options);
        FiniteKeyEstimate reference = DecoyStateEstimator.Estimate(s_key, s_test, s_three, 2_000_000, s_options);

        Assert.Equal(0.0, estimate.KeyVacuumLower);
        Assert.True(reference.KeyVacuumLower > 0);
        Assert.True(estimate.Accepted, estimate.DiscardReason);
        FiniteKeyAssert.AllFinite(estimate);
    }

    [Fact]
    public void A_non_positive_single_photon_bound_is_discarded()
    {
        // Far too few decoy detections for the signal detections: the decoy analysis cannot find single photons.
        IntensityCounts key = s_key;
        key.DecoyDetections = 200_000;
        key.DecoyErrors = 10_000;

        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(key, s_test, s_three, 0, s_options);

        FiniteKeyAssert.Discarded(estimate, "single-photon lower bound is not positive");
        Assert.True(estimate.KeySinglePhotonLower < 0);
    }

    [Fact]
    public void A_phase_error_bound_of_one_half_or_more_is_discarded()
    {
        IntensityCounts test = s_test;
        test.DecoyErrors = 50_000;

        FiniteKeyAssert.Discarded(
            DecoyStateEstimator.Estimate(s_key, test, s_three, 0, new FiniteKeyOptions { MaxQber = 0.5 }), "phase error bound");
    }

    [Fact]
    public void A_qber_above_the_limit_is_discarded_with_a_reason_naming_the_QBER()
    {
        IntensityCounts test = s_test;
        test.SignalErrors = 300_000;
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, test, s_three, 0, s_options), "QBER");

        IntensityCounts key = s_key;
        key.SignalErrors = 2_000_000;
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(key, s_test, s_three, 0, s_options), "QBER");
    }

    [Fact]
    public void A_leakage_larger_than_the_key_is_discarded()
    {
        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(s_key, s_test, s_three, 9_000_000, s_options);

        FiniteKeyAssert.Discarded(estimate, "not positive");
        Assert.True(estimate.RawLength < 0);
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, s_test, s_three, -1, s_options), "leakage is negative");
    }

    [Fact]
    public void A_wrapped_32_bit_counter_is_discarded()
    {
        // 3·10^9 detections stored in a 32-bit counter read back as −1 294 967 296.
        IntensityCounts key = s_key;
        key.SignalDetections = unchecked((int)3_000_000_000L);

        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(key, s_test, s_three, 0, s_options), "negative");
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, key, s_three, 0, s_options), "negative");
    }

    [Fact]
    public void Totals_overflowing_64_bits_are_discarded()
    {
        var key = new IntensityCounts(long.MaxValue, long.MaxValue / 2, 10, 0, 0, 0);

        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(key, s_test, s_three, 0, s_options), "overflows");
    }

    [Fact]
    public void More_errors_than_detections_is_discarded()
    {
        IntensityCounts test = s_test;
        test.VacuumErrors = test.VacuumDetections + 1;

        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, test, s_three, 0, s_options), "more errors than detections");
    }

    [Theory]
    [InlineData(double.NaN, 0.1, 0.7)]
    [InlineData(double.PositiveInfinity, 0.1, 0.7)]
    [InlineData(0.5, double.NaN, 0.7)]
    [InlineData(0.5, 0.1, double.NaN)]
    [InlineData(0.5, 0.1, double.NegativeInfinity)]
    [InlineData(0.1, 0.5, 0.7)]
    [InlineData(0.5, 0.1, 0.8)]
    public void Invalid_intensities_are_discarded(double signal, double decoy, double signalProbability)
    {
        var intensities = new Intensities(signal, decoy, 2e-4, signalProbability, 0.2, 0.1);

        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, s_test, intensities, 0, s_options), "invalid intensities");
    }

    [Fact]
    public void Invalid_options_are_discarded_naming_the_setting()
    {
        FiniteKeyAssert.Discarded(
            DecoyStateEstimator.Estimate(s_key, s_test, s_three, 0, new FiniteKeyOptions { EpsilonSecrecy = double.NaN }), "EpsilonSecrecy");
        FiniteKeyAssert.Discarded(
            DecoyStateEstimator.Estimate(s_key, s_test, s_three, 0, new FiniteKeyOptions { EpsilonCorrectness = 0 }), "EpsilonCorrectness");
        FiniteKeyAssert.Discarded(
            DecoyStateEstimator.Estimate(s_key, s_test, s_three, 0, new FiniteKeyOptions { MaxQber = double.PositiveInfinity }), "MaxQber");
        FiniteKeyAssert.Discarded(
            DecoyStateEstimator.Estimate(s_key, s_test, s_three, 0, new FiniteKeyOptions { Method = (DecoyMethod)7 }), "Method");
    }

    [Fact]
    public void The_one_decoy_method_discards_blocks_that_count_a_vacuum_class()
    {
        var two = new Intensities(0.5, 0.1, 0.0, 0.7, 0.3, 0.0);
        var options = new FiniteKeyOptions { Method = DecoyMethod.OneDecoy };

        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, s_test, two, 0, options), "vacuum intensity");
        FiniteKeyAssert.Discarded(DecoyStateEstimator.Estimate(s_key, s_test, s_three, 0, options), "VacuumProbability");
    }

    [Fact]
    public void Discarded_blocks_never_report_a_negative_or_fractional_secret_length()
    {
        // A sweep over leakage from nothing to more than the block, through the acceptance boundary.
        for (long leak = 0; leak <= 12_000_000; leak += 250_000)
        {
            FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(s_key, s_test, s_three, leak, s_options);
            Assert.True(estimate.SecretBits >= 0);
            Assert.Equal(estimate.Accepted, estimate.SecretBits > 0);
            Assert.Equal(estimate.Accepted, estimate.DiscardReason is null);
            if (estimate.Accepted)
            {
                Assert.Equal((long)Math.Floor(estimate.RawLength), estimate.SecretBits);
            }

            FiniteKeyAssert.AllFinite(estimate);
        }
    }
}
