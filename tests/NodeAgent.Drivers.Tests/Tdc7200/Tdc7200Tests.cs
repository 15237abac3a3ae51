using NodeAgent.Drivers.Hardware;
using NodeAgent.Drivers.Hardware.Tdc7200;
using NodeAgent.Drivers.Tests.Fakes;

namespace NodeAgent.Drivers.Tests.Tdc7200;

/// <summary>The TDC7200 driver against the register-faithful fake: configuration, both modes, multi-stop, failures.</summary>
public sealed class Tdc7200Tests
{
    // The fake rounds each count to whole ring-oscillator periods: a result is good to about one LSB (55 ps).
    private const double TolerancePs = 2 * 55.3;

    private static Hardware.Tdc7200.Tdc7200 Create(FakeTdc7200 fake, Tdc7200Options options, bool interrupt = true) =>
        new(fake, options, interrupt ? fake.Intb : null, new SteppingTimeProvider(TimeSpan.FromMilliseconds(1)));

    [Fact]
    public void Construction_writes_the_configuration_with_the_datasheet_bit_layout()
    {
        var fake = new FakeTdc7200();
        _ = Create(fake, new Tdc7200Options
        {
            StopCount = 5,
            CalibrationPeriods = 40,
            ClockCounterOverflow = 0x1234,
            CoarseCounterOverflow = 0x0ABC,
            Mode = Tdc7200MeasurementMode.Mode2,
            ParityCheck = true,
            ForceCalibration = true,
            StopOnFallingEdge = true,
        });

        Assert.Equal(0b1101_0010, fake.Register(0x00)); // FORCE_CAL | PARITY_EN | STOP_EDGE | MEAS_MODE=01, START_MEAS clear
        Assert.Equal(0b1100_0100, fake.Register(0x01)); // CALIBRATION2_PERIODS=11 (40) | AVG_CYCLES=000 | NUM_STOP=100 (5)
        Assert.Equal(0x07, fake.Register(0x03));
        Assert.Equal([0x0A, 0xBC, 0x12, 0x34], new[] { fake.Register(4), fake.Register(5), fake.Register(6), fake.Register(7) });
    }

    [Theory]
    [InlineData(250_000.0)]
    [InlineData(1_000_000.0)]
    [InlineData(123_456_789.0)]
    [InlineData(8_000_000_000.0)]
    public void Mode2_single_stop_measures_the_time_of_flight(double tofPs)
    {
        var fake = new FakeTdc7200 { Stops = [tofPs] };
        var tdc = Create(fake, new Tdc7200Options());
        var tof = new double[1];

        Tdc7200Result result = tdc.Measure(tof);

        Assert.Equal(Tdc7200Status.Completed, result.Status);
        Assert.Equal(1, result.StopCount);
        Assert.InRange(tof[0], tofPs - TolerancePs, tofPs + TolerancePs);
        Assert.InRange(result.NormalizedLsbPicoseconds, 55.2, 55.4); // calibration recovered the ring period
    }

    [Fact]
    public void Mode2_multi_stop_times_all_five_stops()
    {
        double[] stops = [300_000, 1_250_000, 2_000_017, 5_500_000, 7_999_999];
        var fake = new FakeTdc7200 { Stops = stops, StartPhasePicoseconds = 93_210, ClockHz = 16e6, RingLsbPicoseconds = 48.7 };
        var tdc = Create(fake, new Tdc7200Options { StopCount = 5, ClockFrequencyHz = 16e6, CalibrationPeriods = 20 });
        var tof = new double[5];

        Tdc7200Result result = tdc.Measure(tof);

        Assert.Equal(Tdc7200Status.Completed, result.Status);
        Assert.Equal(5, result.StopCount);
        for (int i = 0; i < 5; i++)
        {
            Assert.InRange(tof[i], stops[i] - 100, stops[i] + 100);
        }
    }

    [Fact]
    public void Mode1_measures_short_intervals_with_the_ring_oscillator_alone()
    {
        double[] stops = [12_000, 250_000, 499_000];
        var fake = new FakeTdc7200 { Stops = stops };
        var tdc = Create(fake, new Tdc7200Options { Mode = Tdc7200MeasurementMode.Mode1, StopCount = 3, CalibrationPeriods = 2 });
        var tof = new double[3];

        Tdc7200Result result = tdc.Measure(tof);

        Assert.Equal(Tdc7200Status.Completed, result.Status);
        for (int i = 0; i < 3; i++)
        {
            Assert.InRange(tof[i], stops[i] - TolerancePs, stops[i] + TolerancePs);
        }
    }

    [Fact]
    public void Formulas_match_a_hand_computed_example()
    {
        // 8 MHz clock (125 000 ps), CALIBRATION1 2137, CALIBRATION2 21348 over 10 periods:
        // calCount = 19211 / 9 = 2134.5556, normLSB = 58.5602 ps;
        // mode 2, TIME1 1752, TIME2 1585, CLOCK_COUNT1 3631: TOF = 58.5602 · 167 + 3631 · 125 000 = 453 884 779.6 ps.
        double calCount = Tdc7200TimeOfFlight.CalibrationCount(2137, 21348, 10);
        double normLsb = Tdc7200TimeOfFlight.NormalizedLsb(125_000, calCount);

        Assert.Equal(2134.5556, calCount, 4);
        Assert.Equal(58.5602, normLsb, 4);
        Assert.Equal(453_884_779.6, Tdc7200TimeOfFlight.Mode2(1752, 1585, 3631, normLsb, 125_000), 1);
        Assert.Equal(102_597.5, Tdc7200TimeOfFlight.Mode1(1752, normLsb), 1); // 1752 · 58.5602
    }

    [Fact]
    public void Mode1_formula_reproduces_the_datasheet_example()
    {
        // SNAS647 section 8.4.2.1.1: CALIBRATION2 21121, CALIBRATION1 2110, 10 periods, 8 MHz, TIME1 4175 → 247.061 ns
        // (the datasheet rounds normLSB to 5.917e-11 s; unrounded it is 247.058 ns).
        double calCount = Tdc7200TimeOfFlight.CalibrationCount(2110, 21121, 10);
        double tof = Tdc7200TimeOfFlight.Mode1(4175, Tdc7200TimeOfFlight.NormalizedLsb(125_000, calCount));

        Assert.Equal(2112.33, calCount, 2);
        Assert.InRange(tof, 247_055, 247_065);
    }

    [Fact]
    public void Results_are_read_in_one_auto_increment_burst_and_flags_cleared()
    {
        var fake = new FakeTdc7200 { Stops = [1_000_000] };
        var tdc = Create(fake, new Tdc7200Options());
        fake.Transactions.Clear();

        tdc.Measure(new double[1]);

        byte[] burst = Assert.Single(fake.Transactions, t => t[0] == 0x90); // AI | read | TIME1 (10h)
        Assert.Equal(1 + (13 * 3), burst.Length);
        Assert.Equal([0x42, 0x1F], fake.Transactions[^1]);                  // write INT_STATUS: clear all flags
        Assert.False(fake.Intb.IsLow);
    }

    [Fact]
    public void Interrupt_driven_measurements_wait_on_INTB()
    {
        var fake = new FakeTdc7200 { Stops = [2_000_000] };
        var tdc = Create(fake, new Tdc7200Options());

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Tdc7200Status.Completed, tdc.Measure(new double[1]).Status);
        }

        Assert.Equal(3, fake.Intb.WaitCalls);
        Assert.Equal(3, fake.Measurements);
    }

    [Fact]
    public void Polling_without_an_interrupt_line_also_works()
    {
        var fake = new FakeTdc7200 { Stops = [2_000_000] };
        var tdc = Create(fake, new Tdc7200Options(), interrupt: false);
        var tof = new double[1];

        Assert.Equal(Tdc7200Status.Completed, tdc.Measure(tof).Status);
        Assert.InRange(tof[0], 2_000_000 - TolerancePs, 2_000_000 + TolerancePs);
        Assert.Equal(0, fake.Intb.WaitCalls);
    }

    [Fact]
    public void Missing_stops_are_a_counted_timeout_that_keeps_the_stops_that_came()
    {
        var fake = new FakeTdc7200 { Stops = [400_000, 900_000] };
        var tdc = Create(fake, new Tdc7200Options { StopCount = 4 });
        var tof = new double[4];

        Tdc7200Result result = tdc.Measure(tof);

        Assert.Equal(Tdc7200Status.Timeout, result.Status);
        Assert.Equal(2, result.StopCount);
        Assert.InRange(tof[1], 900_000 - TolerancePs, 900_000 + TolerancePs);
        Assert.Equal(1, tdc.Timeouts);
        Assert.Contains("2 of 4 stops", tdc.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stop_beyond_the_clock_counter_overflow_times_out()
    {
        var fake = new FakeTdc7200 { Stops = [10_000_000] }; // 80 clock periods at 8 MHz
        var tdc = Create(fake, new Tdc7200Options { ClockCounterOverflow = 40 });

        Tdc7200Result result = tdc.Measure(new double[1]);

        Assert.Equal(Tdc7200Status.Timeout, result.Status);
        Assert.Equal(0, result.StopCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void No_start_means_no_completion_not_a_hang(bool interrupt)
    {
        var fake = new FakeTdc7200 { StartArrives = false };
        var tdc = Create(fake, new Tdc7200Options(), interrupt);

        Tdc7200Result result = tdc.Measure(new double[1]);

        Assert.Equal(Tdc7200Status.NoCompletion, result.Status);
        Assert.Equal(1, tdc.NoCompletions);
        Assert.Contains("START", tdc.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parity_error_is_counted_and_returns_no_times()
    {
        var fake = new FakeTdc7200 { Stops = [1_000_000], CorruptNextResult = true };
        var tdc = Create(fake, new Tdc7200Options());
        var tof = new double[1];

        Assert.Equal(Tdc7200Status.ParityError, tdc.Measure(tof).Status);
        Assert.Equal(1, tdc.ParityErrors);
        Assert.Equal(Tdc7200Status.Completed, tdc.Measure(tof).Status);
    }

    [Theory]
    [InlineData(BusFault.AbsentPullUp, "0xFF")]
    [InlineData(BusFault.StuckLow, "0x00")]
    public void No_device_fails_construction_naming_what_was_read(BusFault fault, string read)
    {
        var fake = new FakeTdc7200 { Fault = fault };

        var e = Assert.Throws<DeviceNotFoundException>(() => Create(fake, new Tdc7200Options()));
        Assert.Contains($"reads {read}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_that_vanishes_gives_statuses_and_counters_not_exceptions()
    {
        var fake = new FakeTdc7200 { Stops = [1_000_000] };
        var tdc = Create(fake, new Tdc7200Options());
        var tof = new double[1];

        fake.Fault = BusFault.AbsentPullUp;
        Assert.Equal(Tdc7200Status.InvalidData, tdc.Measure(tof).Status);
        fake.Fault = BusFault.StuckLow;
        Assert.Equal(Tdc7200Status.NoCompletion, tdc.Measure(tof).Status);
        fake.Fault = BusFault.Throws;
        Assert.Equal(Tdc7200Status.BusError, tdc.Measure(tof).Status);
        Assert.Equal(1, tdc.BusErrors);
        Assert.Contains("SPI transfer failed", tdc.LastError, StringComparison.Ordinal);

        fake.Fault = BusFault.None;
        Assert.Equal(Tdc7200Status.Completed, tdc.Measure(tof).Status);
    }

    [Fact]
    public void Options_name_every_bad_setting()
    {
        var options = new Tdc7200Options
        {
            ClockFrequencyHz = 20e6,
            StopCount = 6,
            CalibrationPeriods = 11,
            ClockCounterOverflow = 0,
            CoarseCounterOverflow = 70000,
            CompletionTimeout = TimeSpan.Zero,
            Mode = (Tdc7200MeasurementMode)7,
        };

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(7, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Tdc7200:", e, StringComparison.Ordinal));
        Assert.Empty(new Tdc7200Options().Validate());
        Assert.Throws<ArgumentException>(() => Create(new FakeTdc7200(), options));
    }
}
