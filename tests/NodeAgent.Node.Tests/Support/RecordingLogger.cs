using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NodeAgent.Node.Tests.Support;

/// <summary>Keeps every log entry so tests can assert what was logged (and that no secret was).</summary>
public sealed class RecordingLogger(string name) : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Entries.Enqueue((logLevel, $"{name}: {formatter(state, exception)}"));
    }

    public IEnumerable<string> AtLeast(LogLevel level) => Entries.Where(e => e.Level >= level).Select(e => e.Message);
}
