using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

public class KeyRatePlannerTests
{
    [Fact]
    public void Improves_on_its_start_and_is_deterministic()
    {
        KeyRateModel model = LimParameters.Model(80);
        var start = new Intensities(0.5, 0.1, LimParameters.Vacuum, 0.7, 0.2, 0.1);
        KeyRatePoint atStart = model.Evaluate(start, 1e6, 0.8, 0.8);

        KeyRatePlan first = KeyRatePlanner.Optimise(model, 1e6, start, 0.8);
        KeyRatePlan second = KeyRatePlanner.Optimise(model, 1e6, start, 0.8);

        Assert.True(first.Point.Accepted, first.Point.DiscardReason);
        Assert.True(first.Point.SecretBitsPerPulse > atStart.SecretBitsPerPulse);
        Assert.Equal(first, second);
        Assert.Null(first.Intensities.Validate(DecoyMethod.TwoDecoy));
        Assert.Equal(LimParameters.Vacuum, first.Intensities.Vacuum);
    }

    [Fact]
    public void A_one_decoy_plan_sends_no_vacuum()
    {
        KeyRatePlan plan = KeyRatePlanner.Optimise(LimParameters.Model(50, DecoyMethod.OneDecoy), 1e7);

        Assert.True(plan.Point.Accepted, plan.Point.DiscardReason);
        Assert.Equal(0.0, plan.Intensities.VacuumProbability);
        Assert.Null(plan.Intensities.Validate(DecoyMethod.OneDecoy));
    }

    [Fact]
    public void A_sweep_from_0_to_150_km_gives_a_falling_rate_and_per_second_figures()
    {
        // Warm-started from the previous distance, as a planner tool would sweep.
        Intensities start = KeyRatePlanner.DefaultStart(DecoyMethod.TwoDecoy, LimParameters.Vacuum);
        double q = 0.8;
        double previous = double.PositiveInfinity;
        for (double km = 0; km <= 150; km += 10)
        {
            KeyRatePlan plan = KeyRatePlanner.Optimise(LimParameters.Model(km), 1e6, start, q);
            Assert.True(plan.Point.Accepted, $"{km} km: {plan.Point.DiscardReason}");
            Assert.True(plan.Point.SecretBitsPerPulse < previous, $"{km} km");
            Assert.Equal(plan.Point.SecretBitsPerPulse * 1e9, plan.Point.SecretBitsPerSecond, 1e-6 * plan.Point.SecretBitsPerSecond);
            Assert.Equal(1e6, plan.Point.KeyDetections);
            previous = plan.Point.SecretBitsPerPulse;
            start = plan.Intensities;
            q = plan.KeyBasisProbability;
        }
    }

    [Fact]
    public void Evaluating_a_point_does_not_allocate()
    {
        KeyRateModel model = LimParameters.Model(25);
        var intensities = new Intensities(0.45, 0.2, LimParameters.Vacuum, 0.4, 0.45, 0.15);
        Assert.True(model.Evaluate(intensities, 1e7, 0.85, 0.85).Accepted);

        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 100; i++)
        {
            sum += model.Evaluate(intensities, 1e7, 0.85, 0.85).SecretBitsPerPulse;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Beyond_the_reach_every_plan_is_rejected_with_a_reason()
    {
        KeyRatePlan plan = KeyRatePlanner.Optimise(LimParameters.Model(250), 1e6, LimParameters.Vacuum);

        Assert.False(plan.Point.Accepted);
        Assert.False(string.IsNullOrEmpty(plan.Point.DiscardReason));
        Assert.Equal(0.0, plan.Point.SecretBitsPerPulse);
        Assert.Equal(0.0, plan.Point.SecretBitsPerSecond);
    }

    [Fact]
    public void Rejects_an_invalid_start()
    {
        KeyRateModel model = LimParameters.Model(50);

        Assert.Throws<ArgumentException>(() => KeyRatePlanner.Optimise(model, 1e6, new Intensities(0.1, 0.5, 0, 0.5, 0.3, 0.2), 0.8));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyRatePlanner.Optimise(model, 1e6, KeyRatePlanner.DefaultStart(DecoyMethod.TwoDecoy), 1.0));
    }
}
