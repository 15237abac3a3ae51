using Microsoft.Extensions.Hosting;

namespace NodeAgent.Node.Hosting;

/// <summary>Prints one status line per end once a second to standard output.</summary>
public sealed class StatusReporter(NodeRuntime runtime, TimeProvider time, TextWriter output) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var previous = runtime.Ends.Select(StatusLine.Snapshot.Of).ToArray();
        long last = time.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                TimeSpan elapsed = time.GetElapsedTime(last);
                last = time.GetTimestamp();
                for (int i = 0; i < runtime.Ends.Count; i++)
                {
                    var current = StatusLine.Snapshot.Of(runtime.Ends[i]);
                    await output.WriteLineAsync(StatusLine.Format(runtime.Ends[i].Name, previous[i], current, elapsed)).ConfigureAwait(false);
                    previous[i] = current;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
