using NodeAgent.Hal.Timing;
using NodeAgent.Timing.Servo;

namespace NodeAgent.Timing.Tests.Servo;

public sealed class TimebaseServoTests
{
    private const double Ppm = 12.5;
    private const long OffsetPs = 987_654_321;
    private const double NoisePs = 50_000; // 50 ns: PTP over a switched network

    private static readonly TimebaseServoOptions s_options = new()
    {
        Window = 32,
        ReferenceTimeoutSeconds = 3,
        ReferenceNoisePs = NoisePs,
        HoldoverDriftPpbPerSecond = 1,
        MaxUncertaintyPs = 5_000_000,
    };

    /// <summary>The tagger: tick = (t + offset)·(1 + ppm·1e-6), 1 ps nominal ticks.</summary>
    private static long Tick(double sharedPs) => (long)Math.Round((sharedPs + OffsetPs) * (1 + (Ppm * 1e-6)));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (TimebaseServo Servo, ManualTimeProvider Time, double LastSharedPs) Feed(int seconds, int seed)
    {
        var time = new ManualTimeProvider();
        var servo = new TimebaseServo(s_options, time);
        var random = new Random(seed);
        double t = 0;
        for (int i = 0; i < seconds; i++)
        {
            t = i * 1e12;
            servo.AddReference(new CrossTimestamp(Tick(t), (long)Math.Round(t + (NoisePs * Gaussian(random)))));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return (servo, time, t);
    }

    [Fact]
    public void Is_unlocked_without_references_and_uses_the_nominal_tick()
    {
        var servo = new TimebaseServo(s_options, new ManualTimeProvider());
        Assert.Equal(TimebaseState.Unlocked, servo.State);
        Assert.Equal(double.PositiveInfinity, servo.UncertaintyPicoseconds);
        Assert.Equal(1234, servo.ToSharedPicoseconds(1234));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Recovers_offset_and_frequency_within_its_stated_uncertainty(int seed)
    {
        (TimebaseServo servo, ManualTimeProvider time, double last) = Feed(40, seed);
        time.Advance(TimeSpan.FromSeconds(-1)); // at the newest reference
        Assert.Equal(TimebaseState.Locked, servo.State);
        Assert.InRange(servo.FrequencyErrorPpm - Ppm, -0.01, 0.01);

        double sigma = servo.UncertaintyPicoseconds;
        double error = servo.ToSharedPicoseconds(Tick(last)) - last;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: error {error / 1000:F1} ns, stated σ {sigma / 1000:F1} ns, {servo.FrequencyErrorPpm:F5} ppm");
        Assert.True(Math.Abs(error) < 4 * sigma, $"error {error} ps against σ {sigma} ps");
        Assert.InRange(sigma, NoisePs / 10, NoisePs); // averaging 32 references: well below one reference's noise
    }

    [Fact]
    public void Holdover_follows_lost_references_and_its_uncertainty_grows_until_the_bound_unlocks_it()
    {
        (TimebaseServo servo, ManualTimeProvider time, _) = Feed(40, 4);
        Assert.Equal(TimebaseState.Locked, servo.State);
        double locked = servo.UncertaintyPicoseconds;

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimebaseState.Holdover, servo.State);
        double previous = servo.UncertaintyPicoseconds;
        Assert.True(previous > locked);
        for (int i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            double now = servo.UncertaintyPicoseconds;
            Assert.True(now > previous, "uncertainty grows in holdover");
            previous = now;
        }

        // ½ · 1 ppb/s · (205 s)² ≈ 21 µs of wander: far past the 5 µs bound.
        Assert.True(previous > s_options.MaxUncertaintyPs);
        Assert.Equal(TimebaseState.Unlocked, servo.State);

        // A reference again: locked, and small again.
        double t = 250e12;
        servo.AddReference(new CrossTimestamp(Tick(t), (long)t));
        Assert.Equal(TimebaseState.Locked, servo.State);
        Assert.True(servo.UncertaintyPicoseconds < s_options.MaxUncertaintyPs);
    }

    [Fact]
    public void An_outlier_is_dropped_but_a_persistent_step_is_followed()
    {
        (TimebaseServo servo, ManualTimeProvider time, double last) = Feed(20, 5);
        double t = last + 1e12;
        servo.AddReference(new CrossTimestamp(Tick(t), (long)(t + 1e9))); // 1 ms off, once
        Assert.Equal(1, servo.Outliers);
        Assert.InRange(servo.ToSharedPicoseconds(Tick(t)) - t, -1e6, 1e6);

        for (int i = 2; i <= 4; i++) // the lone outlier does not agree with these, so three of these are needed
        {
            t = last + (i * 1e12);
            servo.AddReference(new CrossTimestamp(Tick(t), (long)(t + 5e9))); // the scale stepped by 5 ms
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, servo.Steps);
        Assert.InRange(servo.ToSharedPicoseconds(Tick(t)) - (t + 5e9), -1e6, 1e6);
    }

    [Fact]
    public void Options_are_validated()
    {
        var options = new TimebaseServoOptions { Window = 1, TickPicoseconds = 0, MaxUncertaintyPs = 0 };
        Assert.Equal(3, options.Validate().Count);
        Assert.Throws<ArgumentException>(() => new TimebaseServo(options, TimeProvider.System));
    }
}
