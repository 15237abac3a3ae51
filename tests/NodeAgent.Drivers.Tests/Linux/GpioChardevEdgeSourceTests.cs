using NodeAgent.Hal.Linux;

namespace NodeAgent.Drivers.Tests.Linux;

/// <summary>
/// The kernel-timestamped GPIO source without hardware: arguments are checked before the kernel is asked, and a chip
/// that does not exist is a clear <see cref="IOException"/> (this also runs the libc interop on arm64 under qemu).
/// </summary>
public sealed class GpioChardevEdgeSourceTests
{
    [Fact]
    public void A_missing_chip_is_an_IOException_naming_it()
    {
        const string Path = "/dev/gpiochip-does-not-exist";

        var e = Assert.Throws<IOException>(() => new GpioChardevEdgeSource(Path, [18]));
        Assert.Contains(Path, e.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2", e.Message, StringComparison.Ordinal); // ENOENT
    }

    [Fact]
    public void Bad_arguments_are_refused_before_the_kernel_is_asked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpioChardevEdgeSource("/dev/gpiochip0", []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpioChardevEdgeSource("/dev/gpiochip0", new int[65]));
        Assert.Throws<ArgumentException>(() => new GpioChardevEdgeSource("/dev/gpiochip0", [4], rising: false, falling: false));
    }
}
