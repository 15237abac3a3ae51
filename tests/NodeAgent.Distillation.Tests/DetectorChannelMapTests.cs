using NodeAgent.Distillation.Slotting;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Distillation.Tests;

public class DetectorChannelMapTests
{
    [Fact]
    public void FourDetectorPassive_maps_channels_0_to_3_to_Z0_Z1_X0_X1()
    {
        DetectorChannelMap map = DetectorChannelMap.FourDetectorPassive;
        Assert.Equal(4, map.ChannelCount);
        (Basis, byte)[] expected = [(Basis.Z, 0), (Basis.Z, 1), (Basis.X, 0), (Basis.X, 1)];
        for (int channel = 0; channel < 4; channel++)
        {
            Assert.True(map.TryMap(channel, out Basis basis, out byte bit));
            Assert.Equal(expected[channel], (basis, bit));
        }

        Assert.False(map.TryMap(4, out _, out _));
        Assert.False(map.TryMap(-1, out _, out _));
        Assert.False(map.TryMap(int.MinValue, out _, out _));
    }

    [Fact]
    public void Invalid_maps_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new DetectorChannelMap([]));
        Assert.Throws<ArgumentException>(() => new DetectorChannelMap([(Basis.Z, 2)]));
        Assert.Throws<ArgumentException>(() => new DetectorChannelMap([((Basis)7, 0)]));
        Assert.Throws<ArgumentNullException>(() => new DetectorChannelMap(null!));
    }
}
