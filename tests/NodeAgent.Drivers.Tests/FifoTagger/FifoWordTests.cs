using NodeAgent.Drivers.Hardware.FifoTagger;

namespace NodeAgent.Drivers.Tests.FifoTagger;

/// <summary>The wire format: field positions, the CRC-8, and the words a dead bus produces failing the check.</summary>
public sealed class FifoWordTests
{
    [Fact]
    public void Crc8_is_CRC8_AUTOSAR_over_the_upper_seven_bytes()
    {
        // CRC-8/AUTOSAR of ASCII "1234567" is 0xCF (and of "123456789" the catalogue check value 0xDF).
        Assert.Equal(0xCF, FifoWord.Crc8(0x31323334353637_00UL));
    }

    [Theory]
    [InlineData(0x0000000000000000UL)]
    [InlineData(0xFFFFFFFFFFFFFFFFUL)]
    public void All_zero_and_all_one_words_fail_the_crc(ulong word) => Assert.False(FifoWord.HasValidCrc(word));

    [Fact]
    public void Timestamp_fields_round_trip()
    {
        ulong word = FifoWord.Timestamp(63, 0xDEADBEEF, 0xABCD);
        Assert.True(FifoWord.HasValidCrc(word));
        Assert.Equal(FifoWordType.Timestamp, FifoWord.TypeOf(word));
        Assert.Equal(63, FifoWord.Channel(word));
        Assert.Equal(0xDEADBEEFu, FifoWord.Coarse(word));
        Assert.Equal(0xABCD, FifoWord.Fine(word));
    }

    [Fact]
    public void Markers_carry_their_payload()
    {
        Assert.Equal(FifoWordType.Rollover, FifoWord.TypeOf(FifoWord.Rollover(12345)));
        Assert.Equal(12345UL, FifoWord.Payload(FifoWord.Rollover(12345)));
        Assert.Equal(FifoWordType.Overflow, FifoWord.TypeOf(FifoWord.Overflow(FifoWord.MaxPayload)));
        Assert.Equal(FifoWord.MaxPayload, FifoWord.Payload(FifoWord.Overflow(FifoWord.MaxPayload)));
        Assert.Equal(FifoWordType.Idle, FifoWord.TypeOf(FifoWord.Idle()));
    }

    [Fact]
    public void Every_single_bit_flip_is_detected()
    {
        ulong word = FifoWord.Timestamp(5, 123456789, 4321);
        for (int bit = 0; bit < 64; bit++)
        {
            Assert.False(FifoWord.HasValidCrc(word ^ (1UL << bit)), $"bit {bit}");
        }
    }
}
