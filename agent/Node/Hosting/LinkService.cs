using Microsoft.Extensions.Hosting;

namespace NodeAgent.Node.Hosting;

/// <summary>Runs the link ends for the lifetime of the host.</summary>
public sealed class LinkService(NodeRuntime runtime) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runtime.RunAsync(stoppingToken);
}
