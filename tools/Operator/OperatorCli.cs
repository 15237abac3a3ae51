using NodeAgent.Operator.CommandLine;
using NodeAgent.Operator.Commands;

namespace NodeAgent.Operator;

/// <summary>The entry point of <c>nodeagent-ops</c> without the process around it, so tests run it in-process.</summary>
internal static class OperatorCli
{
    /// <summary>Exit code: success (the command was accepted).</summary>
    public const int Success = 0;

    /// <summary>Exit code: rejected, no answer, or no connection.</summary>
    public const int Failure = 1;

    /// <summary>Exit code: the command line is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Parses <paramref name="args"/> and runs the command; never throws for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, ConsoleTarget console, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            return CommandLineParser.Parse(args) switch
            {
                HelpCommand => await PrintUsageAsync(console.Output).ConfigureAwait(false),
                WatchSettings watch => await WatchCommand.RunAsync(watch, console, time, cancellationToken).ConfigureAwait(false),
                SendSettings send => await SendCommand.RunAsync(send, console, time, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException("unknown command."),
            };
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"nodeagent-ops: {e.Message}").ConfigureAwait(false);
            await console.Error.WriteLineAsync("run 'nodeagent-ops help' for usage.").ConfigureAwait(false);
            return UsageError;
        }
    }

    private static async Task<int> PrintUsageAsync(TextWriter output)
    {
        await output.WriteLineAsync(Usage.Text).ConfigureAwait(false);
        return Success;
    }
}
