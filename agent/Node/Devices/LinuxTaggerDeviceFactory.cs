using Microsoft.Extensions.Options;
using NodeAgent.Drivers.Hardware.FifoTagger;
using NodeAgent.Drivers.Hardware.GpioTagger;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Linux;
using NodeAgent.Node.Configuration;

namespace NodeAgent.Node.Devices;

/// <summary>
/// Opens Bob's hardware tagger on Linux: the FIFO tagger on <c>/dev/spidev&lt;SpiBus&gt;.&lt;ChipSelect&gt;</c>
/// (section <c>FifoTagger</c>), or GPIO edges on a character device (section <c>GpioTagger</c>). The options are read,
/// and so validated, only for the kind opened: the other's defaults need not be usable.
/// </summary>
/// <remarks>Owns what it opened and disposes it, newest first. Not thread-safe (the host opens one tagger at start-up).</remarks>
public sealed class LinuxTaggerDeviceFactory(IOptions<FifoTaggerOptions> fifo, IOptions<GpioEdgeTaggerOptions> gpio)
    : ITaggerDeviceFactory, IDisposable
{
    private readonly List<IDisposable> _opened = [];

    public ITimeTagger Open(TaggerKind kind) => kind switch
    {
        TaggerKind.FifoTagger => OpenFifoTagger(fifo.Value),
        TaggerKind.GpioTagger => OpenGpioTagger(gpio.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a hardware tagger"),
    };

    public void Dispose()
    {
        for (int i = _opened.Count - 1; i >= 0; i--)
        {
            _opened[i].Dispose();
        }

        _opened.Clear();
    }

    private FifoTagger OpenFifoTagger(FifoTaggerOptions options)
    {
        SpiDeviceBus bus = Own(SpiDeviceBus.Open(options.SpiBus, options.ChipSelect, options.SpiClockHz));
        return Own(new FifoTagger(bus, options));
    }

    private GpioEdgeTagger OpenGpioTagger(GpioEdgeTaggerOptions options)
    {
        GpioChardevEdgeSource source = Own(new GpioChardevEdgeSource(
            options.Chip, [.. options.Lines], options.RisingEdges, options.FallingEdges, options.RealtimeClock, options.EventBufferSize));
        return Own(new GpioEdgeTagger(source, options));
    }

    private T Own<T>(T device)
        where T : IDisposable
    {
        _opened.Add(device);
        return device;
    }
}
