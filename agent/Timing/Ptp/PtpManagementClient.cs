namespace NodeAgent.Timing.Ptp;

/// <summary>
/// Asks ptp4l for one management TLV at a time over an <see cref="IPtpTransport"/> and decodes the reply. Replies to
/// older requests (a late answer after a timeout) are skipped; malformed datagrams are counted and skipped, never thrown.
/// </summary>
/// <remarks>One request at a time: not thread-safe. The counters may be read from any thread.</remarks>
public sealed class PtpManagementClient
{
    private readonly IPtpTransport _transport;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly byte[] _request = new byte[PtpManagementMessage.GetLength];
    private readonly byte[] _reply = new byte[PtpManagementMessage.MaxLength];
    private readonly ulong _clockIdentity;
    private ushort _sequence;
    private long _timeouts;
    private long _malformed;
    private long _errors;

    public PtpManagementClient(IPtpTransport transport, TimeProvider time, TimeSpan replyTimeout)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(replyTimeout, TimeSpan.Zero);
        _transport = transport;
        _time = time;
        _timeout = replyTimeout;
        // Our source identity only has to differ from ptp4l's own; the process id keeps two clients apart in logs.
        _clockIdentity = 0x4E41_0000_0000_0000UL | (uint)Environment.ProcessId;
    }

    /// <summary>Requests that got no matching reply in time.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Datagrams that were not well-formed management messages, or whose data did not decode.</summary>
    public long MalformedReplies => Interlocked.Read(ref _malformed);

    /// <summary>MANAGEMENT_ERROR_STATUS replies.</summary>
    public long ErrorReplies => Interlocked.Read(ref _errors);

    public async Task<TimeStatusNp?> GetTimeStatusAsync(CancellationToken cancellationToken)
    {
        int length = await QueryAsync(PtpManagementId.TimeStatusNp, cancellationToken).ConfigureAwait(false);
        return length >= 0 && TimeStatusNp.TryRead(Data(length), out TimeStatusNp value) ? value : Undecodable<TimeStatusNp>(length);
    }

    public async Task<PortDataSet?> GetPortDataSetAsync(CancellationToken cancellationToken)
    {
        int length = await QueryAsync(PtpManagementId.PortDataSet, cancellationToken).ConfigureAwait(false);
        return length >= 0 && PortDataSet.TryRead(Data(length), out PortDataSet value) ? value : Undecodable<PortDataSet>(length);
    }

    public async Task<CurrentDataSet?> GetCurrentDataSetAsync(CancellationToken cancellationToken)
    {
        int length = await QueryAsync(PtpManagementId.CurrentDataSet, cancellationToken).ConfigureAwait(false);
        return length >= 0 && CurrentDataSet.TryRead(Data(length), out CurrentDataSet value) ? value : Undecodable<CurrentDataSet>(length);
    }

    private ReadOnlySpan<byte> Data(int length) => _reply.AsSpan(PtpManagementMessage.GetLength, length);

    private T? Undecodable<T>(int length)
        where T : struct
    {
        if (length >= 0)
        {
            Interlocked.Increment(ref _malformed); // a matching reply whose data is short or out of range
        }

        return null;
    }

    /// <summary>Sends a GET and waits for its reply; returns the data length (in <see cref="_reply"/> at offset 54) or −1.</summary>
    private async Task<int> QueryAsync(PtpManagementId id, CancellationToken cancellationToken)
    {
        ushort sequence = ++_sequence;
        int requestLength = PtpManagementMessage.WriteGet(_request, sequence, id, _clockIdentity, 1);
        using var deadline = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await _transport.SendAsync(_request.AsMemory(0, requestLength), linked.Token).ConfigureAwait(false);
            while (true)
            {
                int received = await _transport.ReceiveAsync(_reply, linked.Token).ConfigureAwait(false);
                switch (PtpManagementMessage.TryParseReply(_reply.AsSpan(0, received), sequence, id, out ReadOnlySpan<byte> data))
                {
                    case PtpReplyStatus.Ok:
                        return data.Length;
                    case PtpReplyStatus.ErrorStatus:
                        Interlocked.Increment(ref _errors);
                        return -1;
                    case PtpReplyStatus.Malformed:
                        Interlocked.Increment(ref _malformed);
                        break;
                    default:
                        break; // a late reply to an earlier request
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _timeouts);
            return -1;
        }
        catch (System.Net.Sockets.SocketException)
        {
            // ptp4l not running (no socket at its path, connection refused): as good as no reply.
            Interlocked.Increment(ref _timeouts);
            return -1;
        }
    }
}
