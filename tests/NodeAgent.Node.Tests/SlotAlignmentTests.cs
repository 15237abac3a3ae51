using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeAgent.Hal.Timing;
using NodeAgent.Node.Hosting;
using NodeAgent.Node.Tests.Support;
using NodeAgent.Timing.Alignment;

namespace NodeAgent.Node.Tests;

/// <summary>The default run's timing: Bob's slots come from slot alignment on the simulated sync pattern.</summary>
public class SlotAlignmentTests
{
    [Fact]
    public async Task With_the_sync_pattern_Bob_aligns_his_slots_and_the_stores_agree()
    {
        Dictionary<string, string?> settings = LinkHarness.OperatingPointSettings();
        settings["Simulation:SyncBlanks"] = "true";
        settings["Simulation:ClockMismatchPpm"] = "-37.5";
        settings["Simulation:BobClockOffsetPs"] = "-654321000";
        using IHost host = HostingTests.BuildHost(settings, TextWriter.Null);
        await host.StartAsync(TestContext.Current.CancellationToken);
        NodeRuntime runtime = host.Services.GetRequiredService<NodeRuntime>();
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (runtime.Ends[1].Store.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
        AlignedTimebase timebase = Assert.IsType<AlignedTimebase>(runtime.BobTimebase);
        Assert.Equal(TimebaseState.Locked, timebase.State);
        string alignment = runtime.Ends[1].Statistics.SlotAlignment;
        TestContext.Current.TestOutputHelper?.WriteLine(alignment);
        Assert.StartsWith("locked: frequency error -37.500 ppm, offset from prior 654.", alignment, StringComparison.Ordinal);
        Assert.True(runtime.Ends[1].Store.Count > 0, "no keys in a minute");
        Assert.InRange(runtime.Ends[1].Statistics.LastQber, 0.005, 0.03);
        (string summary, bool identical) = StoreComparison.Summarize(runtime.Ends);
        Assert.True(identical, summary);
    }
}
