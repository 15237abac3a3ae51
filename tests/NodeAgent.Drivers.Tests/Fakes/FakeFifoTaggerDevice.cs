using System.Buffers.Binary;
using NodeAgent.Drivers.Hardware.FifoTagger;
using NodeAgent.Hal.Buses;

namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>
/// The FPGA side of the FIFO tagger's SPI protocol (docs/drivers.md): the identity word, bursts that hand out queued
/// words and pad with idle words when the FIFO runs dry, and a helper that timestamps absolute coarse times the way
/// the device does (32-bit counter, a rollover marker before the first word of each new epoch).
/// </summary>
internal sealed class FakeFifoTaggerDevice : ISpiBus
{
    private readonly Queue<ulong> _fifo = new();
    private ulong _epoch;

    public BusFault Fault { get; set; }

    public byte ChannelCount { get; set; } = 8;

    public int Bursts { get; private set; }

    public int Pending => _fifo.Count;

    public void Enqueue(ulong word) => _fifo.Enqueue(word);

    /// <summary>Queues a detection at an absolute coarse time, with a rollover marker first when the epoch moved.</summary>
    public void Detection(int channel, long absoluteCoarse, int fine, bool dropMarker = false)
    {
        ulong epoch = (ulong)absoluteCoarse >> 32;
        if (epoch != _epoch)
        {
            _epoch = epoch;
            if (!dropMarker)
            {
                _fifo.Enqueue(FifoWord.Rollover(epoch));
            }
        }

        _fifo.Enqueue(FifoWord.Timestamp(channel, (uint)absoluteCoarse, fine));
    }

    public void TransferFullDuplex(ReadOnlySpan<byte> write, Span<byte> read)
    {
        switch (Fault)
        {
            case BusFault.Throws:
                throw new IOException("SPI transfer failed: controller timeout");
            case BusFault.AbsentPullUp:
                read.Fill(0xFF);
                return;
            case BusFault.StuckLow:
                read.Fill(0x00);
                return;
        }

        read[..FifoWord.Size].Clear();
        var command = (FifoTaggerCommand)write[0];
        if (command == FifoTaggerCommand.ReadIdentity)
        {
            BinaryPrimitives.WriteUInt64BigEndian(read[FifoWord.Size..], FifoWord.Identity(3, ChannelCount));
            return;
        }

        Bursts++;
        bool drained = false;
        for (int o = FifoWord.Size; o + FifoWord.Size <= read.Length; o += FifoWord.Size)
        {
            // Once the FIFO runs dry the rest of the burst is idle words, even if more arrives meanwhile.
            ulong word = !drained && _fifo.TryDequeue(out ulong next) ? next : FifoWord.Idle();
            drained |= word == FifoWord.Idle();
            BinaryPrimitives.WriteUInt64BigEndian(read.Slice(o, FifoWord.Size), word);
        }
    }
}
