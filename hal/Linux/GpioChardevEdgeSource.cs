using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using NodeAgent.Hal.Gpio;
using static NodeAgent.Hal.Linux.GpioChardevInterop;

namespace NodeAgent.Hal.Linux;

/// <summary>
/// Edge events with kernel timestamps from the Linux GPIO character device (<c>/dev/gpiochipN</c>, uAPI v2): the
/// kernel stamps each edge in its interrupt handler (CLOCK_MONOTONIC by default, CLOCK_REALTIME on request) and
/// numbers it per line, so user-space latency neither blurs the time nor hides lost edges.
/// </summary>
/// <remarks>Not thread-safe. Owns the line request's file descriptor.</remarks>
public sealed class GpioChardevEdgeSource : IGpioEdgeSource, IDisposable
{
    private const string Consumer = "nodeagent";

    private readonly int _fd;
    private readonly byte[] _buffer;
    private bool _disposed;

    /// <summary>Requests <paramref name="lines"/> of <paramref name="chipPath"/> as inputs with edge detection.</summary>
    /// <param name="chipPath">e.g. <c>/dev/gpiochip0</c> (on a Pi 5 the header is <c>/dev/gpiochip4</c>, or its alias).</param>
    /// <param name="lines">Line offsets on the chip (at most 64).</param>
    /// <param name="rising">Report rising edges.</param>
    /// <param name="falling">Report falling edges.</param>
    /// <param name="realtimeClock">Stamp with CLOCK_REALTIME (disciplined by PTP via phc2sys) instead of CLOCK_MONOTONIC.</param>
    /// <param name="eventBufferSize">Kernel-side event queue length (0: the kernel's default, 16 per line).</param>
    /// <exception cref="IOException">The chip cannot be opened or the lines cannot be requested.</exception>
    public GpioChardevEdgeSource(string chipPath, ReadOnlySpan<int> lines, bool rising = true, bool falling = false,
        bool realtimeClock = false, int eventBufferSize = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(chipPath);
        if (lines.Length is 0 or > MaxLines)
        {
            throw new ArgumentOutOfRangeException(nameof(lines), lines.Length, $"between 1 and {MaxLines} lines");
        }

        if (!rising && !falling)
        {
            throw new ArgumentException("at least one of rising and falling edges must be requested", nameof(falling));
        }

        byte[] request = new byte[LineRequestSize];
        for (int i = 0; i < lines.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(OffsetsOffset + (4 * i)), checked((uint)lines[i]));
        }

        Encoding.ASCII.GetBytes(Consumer, request.AsSpan(ConsumerOffset, ConsumerSize - 1));
        ulong flags = FlagInput | (rising ? FlagEdgeRising : 0) | (falling ? FlagEdgeFalling : 0) |
            (realtimeClock ? FlagEventClockRealtime : 0);
        // The uAPI structures are in the host's byte order; every Linux target we ship (x64, arm64) is little-endian.
        BinaryPrimitives.WriteUInt64LittleEndian(request.AsSpan(FlagsOffset), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(NumLinesOffset), (uint)lines.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(EventBufferSizeOffset), (uint)eventBufferSize);

        int chip = Open(chipPath, OpenReadOnly | OpenCloseOnExec);
        if (chip < 0)
        {
            throw new IOException($"cannot open {chipPath}: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Ioctl(chip, GetLineIoctl, request) < 0)
            {
                throw new IOException($"GPIO_V2_GET_LINE_IOCTL on {chipPath} failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            Close(chip);
        }

        _fd = BinaryPrimitives.ReadInt32LittleEndian(request.AsSpan(FdOffset));
        _buffer = new byte[LineEventSize * 256];
    }

    public int ReadEdges(Span<GpioEdge> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int written = 0;
        while (written < destination.Length && IsReadable(0))
        {
            int want = Math.Min(destination.Length - written, _buffer.Length / LineEventSize);
            nint got = Read(_fd, _buffer, want * LineEventSize);
            if (got < 0)
            {
                throw new IOException($"reading GPIO edge events failed: errno {Marshal.GetLastPInvokeError()}");
            }

            int events = (int)got / LineEventSize;
            for (int i = 0; i < events; i++)
            {
                ReadOnlySpan<byte> e = _buffer.AsSpan(i * LineEventSize, LineEventSize);
                destination[written++] = new GpioEdge(
                    (long)BinaryPrimitives.ReadUInt64LittleEndian(e),
                    (int)BinaryPrimitives.ReadUInt32LittleEndian(e[12..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(e[8..]) == 1 ? GpioEdgeKind.Rising : GpioEdgeKind.Falling,
                    BinaryPrimitives.ReadUInt32LittleEndian(e[20..]));
            }

            if (events == 0)
            {
                break;
            }
        }

        return written;
    }

    public bool WaitForEdge(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return IsReadable((int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Close(_fd);
        }
    }

    private bool IsReadable(int timeoutMilliseconds)
    {
        var poll = new PollFd { Fd = _fd, Events = PollIn };
        int ready = Poll(ref poll, 1, timeoutMilliseconds);
        if (ready < 0)
        {
            throw new IOException($"poll on a GPIO line request failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return ready > 0 && (poll.Revents & PollIn) != 0;
    }
}
