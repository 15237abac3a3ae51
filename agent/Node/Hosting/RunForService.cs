using Microsoft.Extensions.Hosting;

namespace NodeAgent.Node.Hosting;

/// <summary>Stops the host after a fixed time (the <c>--run-for</c> switch).</summary>
public sealed class RunForService(TimeSpan runFor, IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(runFor, time, stoppingToken).ConfigureAwait(false);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
