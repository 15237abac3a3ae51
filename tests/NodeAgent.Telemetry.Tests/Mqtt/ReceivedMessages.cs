using System.Text;

namespace NodeAgent.Telemetry.Tests.Mqtt;

/// <summary>Collects what a transport receives and waits for it, with a deadline.</summary>
internal sealed class ReceivedMessages
{
    private readonly Lock _lock = new();
    private readonly List<(string Topic, string Payload)> _messages = [];

    public void Add(string topic, ReadOnlyMemory<byte> payload)
    {
        lock (_lock)
        {
            _messages.Add((topic, Encoding.UTF8.GetString(payload.Span)));
        }
    }

    public List<(string Topic, string Payload)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _messages];
        }
    }

    public List<string> Payloads(string topic) => Snapshot().Where(m => m.Topic == topic).Select(m => m.Payload).ToList();

    /// <summary>Waits until <paramref name="predicate"/> holds over the messages, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<List<(string Topic, string Payload)>, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!predicate(Snapshot()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out; received: " + string.Join(", ", Snapshot().Select(m => $"{m.Topic}={m.Payload}")));
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
