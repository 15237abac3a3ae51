using NodeAgent.Drivers.Hardware.Tmp117;
using NodeAgent.Drivers.Tests.Fakes;

namespace NodeAgent.Drivers.Tests.Tmp117;

/// <summary>The TMP117 driver against the register-faithful fake: data format, ID check, Data_Ready, bus faults.</summary>
public sealed class Tmp117Tests
{
    private static Hardware.Tmp117.Tmp117 Create(FakeTmp117 fake, TimeProvider? time = null) =>
        new(fake, new Tmp117Options { Location = "detector", MaxResultAge = TimeSpan.FromSeconds(5) }, time ?? new ManualTimeProvider());

    // The datasheet's table of result register values (SNOSD82 section 7.3.3).
    [Theory]
    [InlineData(0x8000, -256.0)]
    [InlineData(0xF380, -25.0)]
    [InlineData(0xFFF0, -0.125)]
    [InlineData(0xFFFF, -0.0078125)]
    [InlineData(0x0001, 0.0078125)]
    [InlineData(0x0080, 1.0)]
    [InlineData(0x0C80, 25.0)]
    [InlineData(0x3200, 100.0)]
    [InlineData(0x7FFF, 255.9921875)]
    public void Result_register_is_twos_complement_in_7_8125_millidegrees(int raw, double celsius)
    {
        var fake = new FakeTmp117();
        var sensor = Create(fake);
        fake.ConvertRaw(unchecked((short)raw));

        bool ok = sensor.TryReadCelsius(out double read);

        // 8000h is also the reset value, which the driver refuses when it could be "no conversion yet".
        Assert.Equal(raw != 0x8000, ok);
        if (ok)
        {
            Assert.Equal(celsius, read);
        }
    }

    [Fact]
    public void Before_the_first_conversion_there_is_no_reading()
    {
        var fake = new FakeTmp117();
        var sensor = Create(fake);

        Assert.False(sensor.TryReadCelsius(out double celsius));
        Assert.True(double.IsNaN(celsius));
        Assert.Contains("no conversion", sensor.LastError, StringComparison.Ordinal);

        fake.SetDataReadyOnly();
        Assert.False(sensor.TryReadCelsius(out _));
        Assert.Contains("reset value", sensor.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_conversions_the_last_result_is_kept_until_it_is_too_old()
    {
        var fake = new FakeTmp117();
        var time = new ManualTimeProvider();
        var sensor = Create(fake, time);
        fake.Convert(21.5);
        Assert.True(sensor.TryReadCelsius(out _));

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(sensor.TryReadCelsius(out double kept));
        Assert.Equal(21.5, kept);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(sensor.TryReadCelsius(out _));
        Assert.Equal(1, sensor.StaleReads);

        fake.Convert(22.25);
        Assert.True(sensor.TryReadCelsius(out double fresh));
        Assert.Equal(22.25, fresh);
    }

    [Theory]
    [InlineData(0x1116)] // a TMP116
    [InlineData(0x0000)]
    public void A_wrong_device_id_is_refused(int id)
    {
        var fake = new FakeTmp117 { DeviceIdRegister = (ushort)id };
        var sensor = Create(fake);
        fake.Convert(20);

        Assert.False(sensor.TryReadCelsius(out _));
        Assert.Equal(1, sensor.WrongIdReads);
        Assert.Contains("Device_ID", sensor.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BusFault.AbsentPullUp)]
    [InlineData(BusFault.StuckLow)]
    public void A_bus_of_all_ones_or_all_zeros_is_refused_by_the_id_check(BusFault fault)
    {
        var fake = new FakeTmp117 { Fault = fault };
        var sensor = Create(fake);

        Assert.False(sensor.TryReadCelsius(out _));
        Assert.Equal(1, sensor.WrongIdReads);
    }

    [Fact]
    public void A_NACK_is_counted_and_the_id_checked_again_after_recovery()
    {
        var fake = new FakeTmp117();
        var sensor = Create(fake);
        fake.Convert(20);
        Assert.True(sensor.TryReadCelsius(out _));
        Assert.Equal(1, fake.DeviceIdReads);

        fake.Fault = BusFault.Throws;
        Assert.False(sensor.TryReadCelsius(out _));
        Assert.Equal(1, sensor.BusErrors);
        Assert.Contains("I2C transfer failed", sensor.LastError, StringComparison.Ordinal);

        fake.Fault = BusFault.None;
        fake.Convert(20.5);
        Assert.True(sensor.TryReadCelsius(out double celsius));
        Assert.Equal(20.5, celsius);
        Assert.Equal(2, fake.DeviceIdReads);
    }

    [Fact]
    public void A_successful_read_allocates_nothing()
    {
        var fake = new FakeTmp117();
        var sensor = Create(fake);
        fake.Convert(20);
        Assert.True(sensor.TryReadCelsius(out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            fake.Convert(20 + (i * 0.0078125));
            sensor.TryReadCelsius(out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Options_are_validated()
    {
        var options = new Tmp117Options { Location = " ", MaxResultAge = TimeSpan.Zero };

        Assert.Equal(2, options.Validate().Count);
        Assert.Empty(new Tmp117Options().Validate());
        Assert.Throws<ArgumentException>(() => new Hardware.Tmp117.Tmp117(new FakeTmp117(), options));
        Assert.Equal("detector", Create(new FakeTmp117()).Location);
    }
}
