using System.Net;
using System.Net.Sockets;

namespace NodeAgent.Node.Tests.Support;

/// <summary>Two connected TCP streams on loopback.</summary>
public sealed class LoopbackPair : IDisposable
{
    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private LoopbackPair(TcpClient client, TcpClient server)
    {
        _client = client;
        _server = server;
    }

    public NetworkStream Client => _client.GetStream();

    public NetworkStream Server => _server.GetStream();

    public static async Task<LoopbackPair> CreateAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        Task connect = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        TcpClient server = await listener.AcceptTcpClientAsync();
        await connect;
        listener.Stop();
        return new LoopbackPair(client, server);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
