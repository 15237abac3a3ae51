using System.Net;
using System.Net.Sockets;

namespace NodeAgent.Node.Tests.Support;

/// <summary>Small helpers of the host-level tests: waiting for a condition, and a free loopback port.</summary>
internal static class Poll
{
    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="seconds"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, CancellationToken ct, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met in {seconds} s");
            await Task.Delay(20, ct);
        }
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
