using System.Runtime.InteropServices;

namespace NodeAgent.Hal.Linux;

/// <summary>
/// The Linux GPIO character device uAPI v2 (<c>include/uapi/linux/gpio.h</c>, Linux 5.10+): the line request that
/// asks for edge events, and the event record that carries the kernel's timestamp of each edge.
/// </summary>
/// <remarks>
/// System.Device.Gpio 4.2's libgpiod v2 driver keeps the event timestamp internal (its callbacks carry only the pin
/// and edge), so the timestamped path talks to the kernel directly. Structures are built in byte arrays at the
/// offsets below, so no unsafe code is needed.
/// <code>
/// struct gpio_v2_line_request (592 bytes)        struct gpio_v2_line_event (48 bytes)
///   0  u32 offsets[64]                              0  u64 timestamp_ns
/// 256  char consumer[32]                            8  u32 id (1 rising, 2 falling)
/// 288  struct gpio_v2_line_config config           12  u32 offset
///        288 u64 flags, 296 u32 num_attrs,         16  u32 seqno
///        300 u32 padding[5],                       20  u32 line_seqno
///        320 attrs[10] × (u32 id, u32 pad,         24  u32 padding[6]
///                         u64 value, u64 mask)
/// 560  u32 num_lines
/// 564  u32 event_buffer_size
/// 568  u32 padding[5]
/// 588  s32 fd (returned)
/// </code>
/// </remarks>
internal static class GpioChardevInterop
{
    public const int LineRequestSize = 592;
    public const int LineEventSize = 48;
    public const int MaxLines = 64;
    public const int OffsetsOffset = 0;
    public const int ConsumerOffset = 256;
    public const int ConsumerSize = 32;
    public const int FlagsOffset = 288;
    public const int NumAttrsOffset = 296;
    public const int AttrsOffset = 320;
    public const int NumLinesOffset = 560;
    public const int EventBufferSizeOffset = 564;
    public const int FdOffset = 588;

    // _IOWR(0xB4, 0x07, struct gpio_v2_line_request): dir 3 << 30 | size 592 << 16 | type 0xB4 << 8 | nr 7.
    public const uint GetLineIoctl = 0xC250B407;

    public const ulong FlagInput = 1UL << 2;
    public const ulong FlagEdgeRising = 1UL << 4;
    public const ulong FlagEdgeFalling = 1UL << 5;
    public const ulong FlagEventClockRealtime = 1UL << 11;

    public const uint AttrIdDebounce = 3;

    public const int OpenReadOnly = 0;
    public const int OpenCloseOnExec = 0x80000;
    public const short PollIn = 0x0001;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "close")]
    public static extern int Close(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "ioctl")]
    public static extern int Ioctl(int fd, nuint request, byte[] argument);

    [DllImport("libc", SetLastError = true, EntryPoint = "read")]
    public static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true, EntryPoint = "poll")]
    public static extern int Poll(ref PollFd fd, nuint count, int timeoutMilliseconds);
}
