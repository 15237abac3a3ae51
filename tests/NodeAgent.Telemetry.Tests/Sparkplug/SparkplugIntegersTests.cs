using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Telemetry.Tests.Sparkplug;

public sealed class SparkplugIntegersTests
{
    [Theory]
    [InlineData(sbyte.MinValue, 0xFFFFFF80u)]
    [InlineData((sbyte)-1, 0xFFFFFFFFu)]
    [InlineData((sbyte)0, 0u)]
    [InlineData(sbyte.MaxValue, 0x7Fu)]
    public void Int8_is_sign_extended_twos_complement_and_reads_back(sbyte value, uint bits)
    {
        Assert.Equal(bits, SparkplugIntegers.FromInt8(value));
        Assert.True(SparkplugIntegers.TryToInt8(bits, out sbyte back));
        Assert.Equal(value, back);
        Assert.Equal(value, MetricValue.FromInt8(value).AsInt64());
    }

    [Theory]
    [InlineData(short.MinValue, 0xFFFF8000u)]
    [InlineData((short)-1, 0xFFFFFFFFu)]
    [InlineData(short.MaxValue, 0x7FFFu)]
    public void Int16_is_sign_extended_twos_complement_and_reads_back(short value, uint bits)
    {
        Assert.Equal(bits, SparkplugIntegers.FromInt16(value));
        Assert.True(SparkplugIntegers.TryToInt16(bits, out short back));
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData(int.MinValue, 0x80000000u)]
    [InlineData(-1, 0xFFFFFFFFu)]
    [InlineData(int.MaxValue, 0x7FFFFFFFu)]
    public void Int32_is_twos_complement_and_reads_back(int value, uint bits)
    {
        Assert.Equal(bits, SparkplugIntegers.FromInt32(value));
        Assert.Equal(value, SparkplugIntegers.ToInt32(bits));
    }

    [Theory]
    [InlineData(long.MinValue, 0x8000000000000000ul)]
    [InlineData(-1L, 0xFFFFFFFFFFFFFFFFul)]
    [InlineData(long.MaxValue, 0x7FFFFFFFFFFFFFFFul)]
    public void Int64_is_twos_complement_and_reads_back(long value, ulong bits)
    {
        Assert.Equal(bits, SparkplugIntegers.FromInt64(value));
        Assert.Equal(value, SparkplugIntegers.ToInt64(bits));
        Assert.Equal(value, MetricValue.FromInt64(value).AsInt64());
    }

    [Fact]
    public void Low_byte_only_encodings_are_read_as_negative()
    {
        Assert.True(SparkplugIntegers.TryToInt8(0xFFu, out sbyte i8));
        Assert.Equal(-1, i8);
        Assert.True(SparkplugIntegers.TryToInt16(0x8000u, out short i16));
        Assert.Equal(short.MinValue, i16);
    }

    [Theory]
    [InlineData(0x100u)]
    [InlineData(0xFFFF7Fu)]
    [InlineData(0x80000000u)]
    public void Bits_out_of_int8_range_are_refused(uint bits) => Assert.False(SparkplugIntegers.TryToInt8(bits, out _));

    [Fact]
    public void Bits_out_of_int16_range_are_refused()
    {
        Assert.False(SparkplugIntegers.TryToInt16(0x10000u, out _));
        Assert.False(SparkplugIntegers.TryToInt16(0x80000000u, out _));
    }
}
