using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Acquisition;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Node.Configuration;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Node.Devices;

/// <summary>
/// Bob's hardware tagger, when <c>Node:Tagger</c> names one: opens the device when the host builds its services,
/// drains it on the acquisition reader's thread into the ring for the host's lifetime, and hands the pipeline the
/// ring's output (<see cref="Tagger"/>), whose <see cref="TaggerReadResult.LostEvents"/> carry every drop. With the
/// simulated tagger (the default) it opens nothing and <see cref="Tagger"/> is null.
/// </summary>
/// <remarks>Started and stopped by the host; the properties may be read from any thread.</remarks>
public sealed partial class BobAcquisition : IHostedService, IDisposable
{
    private readonly ILogger _logger;

    /// <exception cref="InvalidOperationException">The device did not open; the message names the setting.</exception>
    public BobAcquisition(
        IOptions<NodeOptions> node, IOptions<AcquisitionOptions> acquisition, IOptions<SlotAlignerOptions> alignment,
        ITaggerDeviceFactory devices, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(acquisition);
        ArgumentNullException.ThrowIfNull(alignment);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(loggers);
        _logger = loggers.CreateLogger("acquisition");
        Kind = node.Value.Tagger;
        Alignment = alignment.Value;
        if (Kind == TaggerKind.Simulated)
        {
            return;
        }

        AcquisitionOptions options = acquisition.Value;
        ITimeTagger device;
        try
        {
            device = devices.Open(Kind);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // "configuration" in the message: the host reports it as a configuration error (exit code 2), not a crash.
            throw new InvalidOperationException(
                $"{NodeOptions.SectionName}:Tagger {Kind}: the device did not open ({ex.Message}); check it and its configuration section {Kind}.", ex);
        }

        Reader = new AcquisitionReader(device, options);
    }

    /// <summary>The tagger <c>Node:Tagger</c> selects.</summary>
    public TaggerKind Kind { get; }

    /// <summary>The slot alignment settings (<c>Alignment</c>).</summary>
    public SlotAlignerOptions Alignment { get; }

    /// <summary>The reader draining the hardware tagger (null with the simulated tagger).</summary>
    public AcquisitionReader? Reader { get; }

    /// <summary>What Bob's pipeline reads in place of a device: the ring's output (null with the simulated tagger).</summary>
    public ITimeTagger? Tagger => Reader?.Output;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Reader is { } reader)
        {
            reader.Start();
            LogStarted(Kind, reader.Ring.Capacity, (reader.Ring.Capacity * (long)System.Runtime.CompilerServices.Unsafe.SizeOf<DetectionEvent>()) >> 20);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (Reader is { IsRunning: true } reader)
        {
            reader.Stop();
            AcquisitionStatistics s = reader.Statistics;
            LogStopped(Kind, s.PublishedEvents, s.DroppedEvents, s.DeviceLostEvents, s.ReadErrors, s.PeakRingFill);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops the reader thread; the device itself belongs to the <see cref="ITaggerDeviceFactory"/>.</summary>
    public void Dispose() => Reader?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the {Kind} on its own thread into a ring of {Capacity} events ({MiB} MiB)")]
    private partial void LogStarted(TaggerKind kind, int capacity, long miB);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} reader stopped: {Published} events published, {Dropped} dropped (ring full), {DeviceLost} lost in the device, {Errors} read errors, peak ring fill {Peak}")]
    private partial void LogStopped(TaggerKind kind, long published, long dropped, long deviceLost, long errors, long peak);
}
