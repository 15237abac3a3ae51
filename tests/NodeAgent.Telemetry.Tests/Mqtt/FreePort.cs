using System.Net;
using System.Net.Sockets;

namespace NodeAgent.Telemetry.Tests.Mqtt;

/// <summary>Finds a free loopback TCP port by binding port 0 and reading back what the kernel chose.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
