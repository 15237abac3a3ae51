using NodeAgent.Operator.CommandLine;
using NodeAgent.Operator.Model;
using NodeAgent.Operator.Rendering;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Commands;

/// <summary>
/// <c>watch</c>: subscribes to the group, feeds every message to a <see cref="FleetView"/> and redraws it about once a
/// second (cursor-home and erase sequences on a terminal, plain frames separated by a blank line otherwise).
/// </summary>
internal static class WatchCommand
{
    private const string CursorHome = "\e[H";
    private const string EraseLineEnd = "\e[K";
    private const string EraseBelow = "\e[J";
    private const string HideCursor = "\e[?25l";
    private const string ShowCursor = "\e[?25h";

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (Ctrl+C), or for one frame with --once.</summary>
    /// <returns>0, or 1 when --once never connected.</returns>
    public static async Task<int> RunAsync(WatchSettings settings, ConsoleTarget console, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        var view = new FleetView(settings.Broker.Group);
        var gate = new Lock();
        string filter = $"{SparkplugTopic.Namespace}/{settings.Broker.Group}/#";
        MqttTransport transport = BrokerSession.Create(settings.Broker, "nodeagent-ops-watch", [filter], out Task connected);
        await using (transport.ConfigureAwait(false))
        {
            transport.MessageReceived += (topic, payload) =>
            {
                lock (gate)
                {
                    view.Apply(topic, payload.Span, time.GetUtcNow());
                }
            };
            transport.Start();

            if (settings.Once)
            {
                try
                {
                    await Task.Delay(settings.Wait, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: show what there is.
                }

                await console.Output.WriteAsync(Frame(settings, view, gate, transport, console, time, ansi: false)).ConfigureAwait(false);
                await console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return connected.IsCompleted ? 0 : 1;
            }

            bool ansi = console.IsTerminal;
            try
            {
                if (ansi)
                {
                    await console.Output.WriteAsync(HideCursor + "\e[2J").ConfigureAwait(false);
                }

                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
                do
                {
                    string frame = Frame(settings, view, gate, transport, console, time, ansi);
                    await console.Output.WriteAsync(ansi
                        ? CursorHome + frame.Replace("\n", EraseLineEnd + "\n", StringComparison.Ordinal) + EraseBelow
                        : frame + "\n").ConfigureAwait(false);
                    await console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C ends the watch.
            }
            finally
            {
                if (ansi)
                {
                    await console.Output.WriteAsync(ShowCursor).ConfigureAwait(false);
                    await console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            return 0;
        }
    }

    private static string Frame(WatchSettings settings, FleetView view, Lock gate, MqttTransport transport, ConsoleTarget console, TimeProvider time, bool ansi)
    {
        string connection = transport.IsConnected
            ? "connected"
            : "not connected" + (transport.GetStatistics().LastError is { } error ? $" ({error})" : " (connecting…)");
        string status = $"nodeagent-ops watch  {settings.Broker.Display}  group {settings.Broker.Group}  {connection}";
        var options = new FrameOptions(time.GetUtcNow(), console.Width(), ansi, status, ChartSettings.Default.Window);
        lock (gate)
        {
            return FleetRenderer.Render(view, options);
        }
    }
}
