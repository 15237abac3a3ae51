using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NodeAgent.Telemetry.Tests.Mqtt;

/// <summary>A logger that keeps every error-level line, so a test can fail on any (style rule 13).</summary>
internal sealed class ErrorCountingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Errors { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Error)
        {
            Errors.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
        }
    }

    public void AssertNoErrors() => Assert.True(Errors.IsEmpty, "Error log lines: " + string.Join(Environment.NewLine, Errors));
}
