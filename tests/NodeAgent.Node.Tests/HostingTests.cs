using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Node.Hosting;
using NodeAgent.Node.Tests.Support;

namespace NodeAgent.Node.Tests;

/// <summary>The agent's service wiring and start-up validation, in a real generic host.</summary>
public class HostingTests
{
    internal static IHost BuildHost(Dictionary<string, string?> settings, TextWriter status)
    {
        // Telemetry has its own tests; here it would compete for the broker port.
        settings.TryAdd("Telemetry:Enabled", "false");
        settings.TryAdd("Node:DataDirectory", "");
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddNodeAgent(builder.Configuration, status);
        return builder.Build();
    }

    [Theory]
    [InlineData("Distillation:FiniteKey:MaxQber", "0.9")]
    [InlineData("Distillation:KeyBits", "100")]
    [InlineData("Distillation:Reconciliation", "7")]
    [InlineData("Distillation:CascadePasses", "65")]
    [InlineData("Node:PreSharedKey", "abcd")]
    [InlineData("Node:Peer", "nowhere")]
    [InlineData("Simulation:DetectorEfficiency", "1.5")]
    public async Task A_bad_setting_stops_start_up_with_a_message_naming_it(string key, string value)
    {
        using IHost host = BuildHost(new() { [key] = value }, TextWriter.Null);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(failure.Failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_setting()
    {
        using IHost host = BuildHost(new() { ["Simulation:FibreLengthKm"] = "far" }, TextWriter.Null);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Simulation:FibreLengthKm", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_ends_in_one_host_print_status_lines_and_end_with_identical_stores()
    {
        var status = new StringWriter();
        using IHost host = BuildHost(LinkHarness.OperatingPointSettings(), TextWriter.Synchronized(status));
        await host.StartAsync(TestContext.Current.CancellationToken);
        NodeRuntime runtime = host.Services.GetRequiredService<NodeRuntime>();
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while ((runtime.Ends[1].Store.Count == 0 || !status.ToString().Contains("bob", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
        string printed = status.ToString();
        Assert.Contains("alice", printed, StringComparison.Ordinal);
        Assert.Contains("det/s", printed, StringComparison.Ordinal);
        Assert.True(runtime.Ends[1].Store.Count > 0, "no keys in a minute");
        (string summary, bool identical) = StoreComparison.Summarize(runtime.Ends);
        Assert.True(identical, summary);
        Assert.Contains("identical", summary, StringComparison.Ordinal);
    }
}
