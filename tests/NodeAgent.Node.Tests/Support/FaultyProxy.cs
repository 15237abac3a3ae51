using System.Net;
using System.Net.Sockets;

namespace NodeAgent.Node.Tests.Support;

/// <summary>
/// A TCP proxy on loopback between Bob and Alice that injects one fault into the Bob→Alice stream of the first
/// connection once <see cref="FaultAfterBytes"/> bytes have passed: flip a byte, or cut the connection mid-frame.
/// Later connections pass through untouched, so the link can recover.
/// </summary>
public sealed class FaultyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public FaultyProxy(IPEndPoint target, ProxyFault fault, long faultAfterBytes)
    {
        _target = target;
        Fault = fault;
        FaultAfterBytes = faultAfterBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public ProxyFault Fault { get; }

    public long FaultAfterBytes { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Set once the fault has been injected.</summary>
    public bool Injected { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            bool faulty = Interlocked.Increment(ref _connections) == 1;
            _ = RelayAsync(inbound, faulty);
        }
    }

    private async Task RelayAsync(TcpClient inbound, bool faulty)
    {
        using TcpClient _ = inbound;
        using var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_target, _stop.Token);
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            NetworkStream a = inbound.GetStream(), b = outbound.GetStream();
            Task up = PumpAsync(a, b, faulty, cut);
            Task down = PumpAsync(b, a, false, cut);
            await Task.WhenAny(up, down);
            await cut.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool faulty, CancellationTokenSource cut)
    {
        byte[] buffer = new byte[16384];
        long passed = 0;
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, cut.Token);
                if (read == 0)
                {
                    return;
                }

                if (faulty && !Injected && passed + read > FaultAfterBytes)
                {
                    int at = (int)Math.Max(0, FaultAfterBytes - passed);
                    Injected = true;
                    if (Fault == ProxyFault.Truncate)
                    {
                        await to.WriteAsync(buffer.AsMemory(0, at), cut.Token);
                        return;
                    }

                    buffer[at] ^= 0x20;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
                passed += read;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}

public enum ProxyFault
{
    /// <summary>Flip one bit of one byte.</summary>
    Garble,

    /// <summary>Forward part of the stream, then close the connection.</summary>
    Truncate,
}
