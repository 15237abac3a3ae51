using System.Net.Sockets;

namespace NodeAgent.Timing.Ptp;

/// <summary>
/// A UNIX datagram socket bound to its own path that sends to ptp4l's <c>uds_address</c>. ptp4l answers to the
/// sender's address, so an unbound client would never hear back; the path is removed again on dispose. Not connected:
/// ptp4l may start after the client, or restart, and each send finds its socket anew.
/// </summary>
/// <remarks>One request at a time (the monitor's polling loop); not for concurrent use.</remarks>
public sealed class UnixDatagramTransport : IPtpTransport
{
    private readonly Socket _socket;
    private readonly string _localPath;
    private readonly UnixDomainSocketEndPoint _server;

    /// <param name="serverPath">ptp4l's <c>uds_address</c> (default /var/run/ptp4l).</param>
    /// <param name="localPath">A path for this client; a stale file there is replaced.</param>
    public UnixDatagramTransport(string serverPath, string localPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverPath);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        _localPath = localPath;
        _server = new UnixDomainSocketEndPoint(serverPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            File.Delete(localPath);
            _socket.Bind(new UnixDomainSocketEndPoint(localPath));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken) =>
        await _socket.SendToAsync(datagram, SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            File.Delete(_localPath);
        }
        catch (IOException)
        {
            // Best effort: a leftover path is replaced by the next client.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
