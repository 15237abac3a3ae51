using System.Buffers.Binary;
using NodeAgent.Timing.Ptp;

namespace NodeAgent.Timing.Tests.Ptp;

/// <summary>
/// Answers GETs as ptp4l does, from a settable state; the reply bytes are laid out here by hand from IEEE 1588 and
/// linuxptp's TLV definitions, not with the code under test. Can stay silent, prepend junk, or answer with an error.
/// </summary>
internal sealed class FakePtp4l : IPtpTransport
{
    private readonly Queue<byte[]> _replies = new();

    public PtpPortState PortState { get; set; } = PtpPortState.Slave;

    public long MasterOffsetNs { get; set; } = -1234;

    public long IngressTimeNs { get; set; } = 1_700_000_000_000_000_000;

    public bool GmPresent { get; set; } = true;

    public ulong GmIdentity { get; set; } = 0x001122fffe334455;

    public bool Silent { get; set; }

    public byte[]? JunkBeforeReply { get; set; }

    public bool ShortData { get; set; }

    public bool ErrorStatus { get; set; }

    public List<byte[]> Requests { get; } = [];

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        byte[] request = datagram.ToArray();
        Requests.Add(request);
        if (Silent)
        {
            return ValueTask.CompletedTask;
        }

        if (JunkBeforeReply is not null)
        {
            _replies.Enqueue(JunkBeforeReply);
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(30));
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(52));
        _replies.Enqueue(Reply(sequence, id));
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_replies.Count == 0)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        byte[] reply = _replies.Dequeue();
        reply.CopyTo(buffer);
        return reply.Length;
    }

    public void Dispose()
    {
    }

    private byte[] Reply(ushort sequence, ushort id)
    {
        byte[] data = id switch
        {
            0xC000 => TimeStatusData(),
            0x2004 => PortData(),
            0x2001 => CurrentData(),
            _ => [],
        };
        if (ShortData)
        {
            data = data[..(data.Length / 2)];
        }

        if (ErrorStatus)
        {
            data = new byte[8]; // errorId, managementId, reserved — the monitor only needs the type
        }

        byte[] m = new byte[54 + data.Length];
        m[0] = 0x0D;
        m[1] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), (ushort)m.Length);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(30), sequence);
        m[32] = 4;
        m[33] = 0x7F;
        m[46] = 2; // RESPONSE
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(48), (ushort)(ErrorStatus ? 2 : 1));
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(50), (ushort)(2 + data.Length));
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(52), id);
        data.CopyTo(m, 54);
        return m;
    }

    private byte[] TimeStatusData()
    {
        byte[] d = new byte[50];
        BinaryPrimitives.WriteInt64BigEndian(d, MasterOffsetNs);
        BinaryPrimitives.WriteInt64BigEndian(d.AsSpan(8), IngressTimeNs);
        BinaryPrimitives.WriteInt32BigEndian(d.AsSpan(38), GmPresent ? 1 : 0);
        BinaryPrimitives.WriteUInt64BigEndian(d.AsSpan(42), GmIdentity);
        return d;
    }

    private byte[] PortData()
    {
        byte[] d = new byte[26];
        BinaryPrimitives.WriteUInt64BigEndian(d, 0xAABBCCfffeDDEEFF);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(8), 1);
        d[10] = (byte)PortState;
        return d;
    }

    private static byte[] CurrentData()
    {
        byte[] d = new byte[18];
        BinaryPrimitives.WriteUInt16BigEndian(d, 1);
        BinaryPrimitives.WriteInt64BigEndian(d.AsSpan(2), -1234L * 65536);
        BinaryPrimitives.WriteInt64BigEndian(d.AsSpan(10), 2500L * 65536 + 32768);
        return d;
    }
}
