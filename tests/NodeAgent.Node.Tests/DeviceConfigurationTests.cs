using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Acquisition;
using NodeAgent.Drivers.Hardware.FifoTagger;
using NodeAgent.Drivers.Tests.Fakes;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Devices;
using NodeAgent.Node.Hosting;
using NodeAgent.Node.Tests.Support;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Node.Tests;

/// <summary>Choosing Bob's tagger, and the acquisition, alignment, servo and PTP settings, in a real generic host.</summary>
public class DeviceConfigurationTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings, ITaggerDeviceFactory? devices = null)
    {
        settings.TryAdd("Telemetry:Enabled", "false");
        settings.TryAdd("Node:DataDirectory", "");
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddNodeAgent(builder.Configuration, TextWriter.Null);
        if (devices is not null)
        {
            builder.Services.AddSingleton(devices);
        }

        return builder.Build();
    }

    /// <summary>Bob alone with a hardware tagger, pointed at a closed port so that no session starts.</summary>
    private static Dictionary<string, string?> HardwareBob(string tagger) => new()
    {
        ["Node:Role"] = "bob",
        ["Node:Tagger"] = tagger,
        ["Node:Peer"] = "127.0.0.1:1",
        ["Node:KeyPeer"] = "127.0.0.1:1",
    };

    [Theory]
    [InlineData("Acquisition:RingCapacity", "1000")]
    [InlineData("Acquisition:BatchSize", "0")]
    [InlineData("Acquisition:IdleSleep", "00:00:05")]
    [InlineData("Alignment:GatePs", "0")]
    [InlineData("Alignment:AcquisitionSeconds", "100")]
    [InlineData("Timebase:Window", "1")]
    [InlineData("Ptp:PollIntervalSeconds", "0")]
    [InlineData("Ptp:MaxSyncAgeSeconds", "-1")]
    [InlineData("Node:Tagger", "FifoTagger")]
    public async Task A_bad_device_or_timing_setting_stops_start_up_with_a_message_naming_it(string key, string value)
    {
        // Ptp:UdsAddress turns the PTP monitor (and the check of its section) on.
        using IHost host = BuildHost(new() { [key] = value, ["Ptp:UdsAddress"] = "/nonexistent/ptp4l" });
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, failure.Failures));
        Assert.Contains(failure.Failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GpioTagger", "GpioTagger:Lines", null, null)]
    [InlineData("FifoTagger", "FifoTagger:SpiClockHz", "FifoTagger:SpiClockHz", "5")]
    [InlineData("FifoTagger", "FifoTagger:FineBinsPerCoarse", "FifoTagger:FineBinsPerCoarse", "0")]
    public async Task The_selected_hardware_taggers_section_is_checked_at_start_up(string tagger, string named, string? key, string? value)
    {
        Dictionary<string, string?> settings = HardwareBob(tagger);
        if (key is not null)
        {
            settings[key] = value;
        }

        using IHost host = BuildHost(settings);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(failure.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_unselected_hardware_taggers_sections_are_not_checked()
    {
        // The simulated default with a GPIO tagger section that would not do: nobody opens it, so start-up goes on.
        using IHost host = BuildHost(new() { ["GpioTagger:MaxBatch"] = "0", ["Simulation:Pacing"] = "AsFastAsPossible" });
        await host.StartAsync(TestContext.Current.CancellationToken);
        Assert.Null(host.Services.GetRequiredService<BobAcquisition>().Reader);
        Assert.Null(host.Services.GetService<PtpMonitorService>());
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_hardware_tagger_that_is_not_there_stops_start_up_with_a_message_naming_the_setting()
    {
        // The real Linux factory, on a bus that does not exist here (nor on a Pi).
        Dictionary<string, string?> settings = HardwareBob("FifoTagger");
        settings["FifoTagger:SpiBus"] = "250";
        using IHost host = BuildHost(settings);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);
        Assert.StartsWith("Node:Tagger FifoTagger: the device did not open", failure.Message, StringComparison.Ordinal);
        Assert.Contains("configuration", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_tagger_configuration_reads_the_device_on_the_reader_thread_into_the_ring_Bob_reads()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        const int Events = 3000;
        var device = new FakeFifoTaggerDevice { ChannelCount = 4 };
        for (int i = 0; i < Events; i++)
        {
            device.Detection(i & 3, 1_000 + (i * 250L), fine: i % 4000);
        }

        var factory = new FakeTaggerFactory(device);
        Dictionary<string, string?> settings = HardwareBob("FifoTagger");
        settings["Acquisition:RingCapacity"] = "8192";
        settings["Alignment:SlotPeriodPs"] = "20000";
        using IHost host = BuildHost(settings, factory);
        await host.StartAsync(ct);

        BobAcquisition acquisition = host.Services.GetRequiredService<BobAcquisition>();
        AcquisitionReader reader = Assert.IsType<AcquisitionReader>(acquisition.Reader);
        Assert.True(reader.IsRunning);
        Assert.Same(factory.Opened, reader.Source);
        Assert.Equal(8192, reader.Ring.Capacity);
        await Poll.UntilAsync(() => reader.Statistics.PublishedEvents == Events, ct);
        Assert.Equal(0, device.Pending);

        // Bob's pipeline reads the ring through slot alignment, which withholds detections until it locks.
        NodeRuntime runtime = host.Services.GetRequiredService<NodeRuntime>();
        AligningTimeTagger bobTagger = Assert.IsType<AligningTimeTagger>(runtime.BobTagger);
        Assert.IsType<AlignedTimebase>(runtime.BobTimebase);
        Assert.Equal(factory.Opened!.TickPicoseconds, bobTagger.TickPicoseconds);
        var buffer = new DetectionEvent[1024];
        while (reader.Ring.Count > 0)
        {
            bobTagger.Read(buffer);
        }

        Assert.Equal(Events, bobTagger.WithheldDetections);
        await host.StopAsync(ct);
        Assert.False(reader.IsRunning);
        Assert.Equal(0, reader.Statistics.TotalLostEvents);
    }

    [Fact]
    public async Task With_a_ptp_section_the_monitor_runs_and_reports_why_the_host_is_not_synchronised()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string client = Path.Combine(Path.GetTempPath(), $"nodeagent-test-ptp-{Guid.NewGuid():N}.sock");
        using IHost host = BuildHost(new()
        {
            ["Simulation:Pacing"] = "AsFastAsPossible",
            ["Ptp:UdsAddress"] = "/nonexistent/ptp4l",
            ["Ptp:ClientAddress"] = client,
            ["Ptp:PollIntervalSeconds"] = "0.1",
            ["Ptp:ReplyTimeoutSeconds"] = "0.05",
        });
        await host.StartAsync(ct);
        PtpMonitorService ptp = host.Services.GetRequiredService<PtpMonitorService>();
        await Poll.UntilAsync(() => ptp.Status?.Reason == "no reply from ptp4l", ct);
        Assert.Equal("no reply from ptp4l", ptp.Problem);
        await host.StopAsync(ct);
    }

    /// <summary>Opens the FIFO tagger driver on a fake device instead of /dev/spidev.</summary>
    private sealed class FakeTaggerFactory(FakeFifoTaggerDevice device) : ITaggerDeviceFactory, IDisposable
    {
        public FifoTagger? Opened { get; private set; }

        public ITimeTagger Open(TaggerKind kind)
        {
            Assert.Equal(TaggerKind.FifoTagger, kind);
            Opened = new FifoTagger(device, new FifoTaggerOptions { ChannelCount = 4 });
            return Opened;
        }

        public void Dispose() => Opened?.Dispose();
    }
}
