namespace NodeAgent.Timing.Ptp;

/// <summary>The datagram channel to ptp4l's management socket (a seam so the monitor is testable without ptp4l).</summary>
public interface IPtpTransport : IDisposable
{
    /// <summary>Sends one datagram.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken);

    /// <summary>Receives one datagram into <paramref name="buffer"/>; returns its length. Cancellation ends the wait.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
