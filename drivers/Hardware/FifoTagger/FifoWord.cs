using System.Runtime.CompilerServices;

namespace NodeAgent.Drivers.Hardware.FifoTagger;

/// <summary>
/// The wire format of the FIFO time-tagger: 64-bit words, sent most significant byte first, each protected by its own
/// CRC-8 so one corrupted word is skipped without losing the burst (docs/drivers.md, "FIFO tagger wire format").
/// </summary>
/// <remarks>
/// <code>
///  63 62 | 61 ...... 56 | 55 ................. 24 | 23 ........ 8 | 7 ..... 0
///  type  | channel (6)  | coarse counter (32)     | fine (16)     | CRC-8
///   00   timestamp: tick = ((epoch &lt;&lt; 32) | coarse) · FineBinsPerCoarse + fine
///   01   rollover:  bits 61..8 = the new epoch (coarse wraps since reset), sent at every wrap, before any later word
///   10   overflow:  bits 61..8 = events the device dropped since the previous overflow word
///   11   idle:      bits 61..8 = 0; the FIFO is empty and the rest of the burst is padding
///
///  identity word (answer to ReadIdentity):
///  63 ........... 32 | 31 .... 24 | 23 ....... 16 | 15 ... 8 | 7 ..... 0
///  0x51544147 "QTAG" | version    | channel count | 0        | CRC-8
/// </code>
/// CRC-8/AUTOSAR (polynomial 0x2F, init 0xFF, final XOR 0xFF; check value 0xDF over "123456789") over bytes 0..6
/// of the big-endian word. Its non-zero init and final XOR make the two words an absent or stuck device produces,
/// all-zero and all-ones, fail the check (their CRCs would be 0x6A and 0x53).
/// </remarks>
public static class FifoWord
{
    /// <summary>Bytes per word on the wire.</summary>
    public const int Size = 8;

    /// <summary>Upper 32 bits of the identity word: ASCII "QTAG".</summary>
    public const uint IdentityMagic = 0x51544147;

    /// <summary>Highest channel number the 6-bit field holds, plus one.</summary>
    public const int MaxChannels = 64;

    /// <summary>Largest marker payload (54 bits).</summary>
    public const ulong MaxPayload = (1UL << 54) - 1;

    private const int TypeShift = 62;
    private const int ChannelShift = 56;
    private const int CoarseShift = 24;
    private const int FineShift = 8;
    private const int PayloadShift = 8;

    private static readonly byte[] s_crcTable = BuildCrcTable();

    /// <summary>The word's type bits.</summary>
    public static FifoWordType TypeOf(ulong word) => (FifoWordType)(word >> TypeShift);

    /// <summary>Channel of a timestamp word.</summary>
    public static int Channel(ulong word) => (int)(word >> ChannelShift) & 0x3F;

    /// <summary>Coarse counter of a timestamp word.</summary>
    public static uint Coarse(ulong word) => (uint)(word >> CoarseShift);

    /// <summary>Fine time of a timestamp word.</summary>
    public static int Fine(ulong word) => (int)(word >> FineShift) & 0xFFFF;

    /// <summary>Payload of a rollover or overflow word (bits 61..8).</summary>
    public static ulong Payload(ulong word) => (word >> PayloadShift) & MaxPayload;

    /// <summary>True when the word's CRC-8 matches its upper seven bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasValidCrc(ulong word) => Crc8(word) == (byte)word;

    /// <summary>CRC-8/AUTOSAR of the word's upper seven bytes (most significant first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Crc8(ulong word)
    {
        byte[] table = s_crcTable;
        uint crc = 0xFF;
        for (int shift = 56; shift >= 8; shift -= 8)
        {
            crc = table[(byte)(crc ^ (word >> shift))];
        }

        return (byte)(crc ^ 0xFF);
    }

    /// <summary>A timestamp word with its CRC (what the device sends; used by fakes and tests).</summary>
    public static ulong Timestamp(int channel, uint coarse, int fine)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, MaxChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(fine);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fine, 0xFFFF);
        return WithCrc(((ulong)channel << ChannelShift) | ((ulong)coarse << CoarseShift) | ((ulong)fine << FineShift));
    }

    /// <summary>A rollover marker announcing <paramref name="epoch"/>.</summary>
    public static ulong Rollover(ulong epoch) => Marker(FifoWordType.Rollover, epoch);

    /// <summary>An overflow marker reporting <paramref name="lostEvents"/> dropped events.</summary>
    public static ulong Overflow(ulong lostEvents) => Marker(FifoWordType.Overflow, lostEvents);

    /// <summary>The idle (FIFO empty) word.</summary>
    public static ulong Idle() => Marker(FifoWordType.Idle, 0);

    /// <summary>The identity word of a device with <paramref name="channelCount"/> inputs.</summary>
    public static ulong Identity(byte version, byte channelCount) =>
        WithCrc(((ulong)IdentityMagic << 32) | ((ulong)version << 24) | ((ulong)channelCount << 16));

    private static ulong Marker(FifoWordType type, ulong payload)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload, MaxPayload);
        return WithCrc(((ulong)type << TypeShift) | (payload << PayloadShift));
    }

    private static ulong WithCrc(ulong word) => (word & ~0xFFUL) | Crc8(word);

    private static byte[] BuildCrcTable()
    {
        var table = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int crc = i;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x2F) & 0xFF : (crc << 1) & 0xFF;
            }

            table[i] = (byte)crc;
        }

        return table;
    }
}
