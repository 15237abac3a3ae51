using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using NodeAgent.Drivers.Hardware.FifoTagger;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Buses;

namespace NodeAgent.Benchmarks.Acquisition;

/// <summary>
/// The FIFO tagger driver's per-word cost (CRC-8 check, field extraction, rollover unwrapping) over an in-memory SPI
/// bus that replays pre-encoded bursts: the CPU cost of one word on the reader thread, without the wire time.
/// </summary>
[MemoryDiagnoser]
public class FifoDecodeBenchmarks
{
    private const int Burst = 4096;

    private FifoTagger _tagger = null!;
    private readonly DetectionEvent[] _events = new DetectionEvent[Burst];

    [GlobalSetup]
    public void Setup()
    {
        var words = new byte[FifoTagger.HeaderBytes + (Burst * FifoWord.Size)];
        for (int i = 1; i < Burst; i++)
        {
            ulong word = FifoWord.Timestamp(i & 3, (uint)(i * 3), 0);
            BinaryPrimitives.WriteUInt64BigEndian(words.AsSpan(FifoTagger.HeaderBytes + (i * FifoWord.Size)), word);
        }

        _tagger = new FifoTagger(new ReplayBus(words), new FifoTaggerOptions { MaxBurstWords = Burst, FineBinsPerCoarse = 1 });
    }

    [GlobalCleanup]
    public void Cleanup() => _tagger.Dispose();

    [Benchmark(OperationsPerInvoke = Burst)]
    public int DecodeBurst()
    {
        int count = _tagger.Read(_events).Count;
        return count == Burst - 1 ? count : throw new InvalidOperationException($"decoded {count} of {Burst - 1}");
    }

    /// <summary>
    /// Answers the identity request, then every burst with the same timestamp words behind a rollover marker of the
    /// next epoch, so every burst's events come after the last one's and all are decoded, none skipped. (One fine
    /// bin per coarse period keeps 2^31 epochs inside a long tick; the arithmetic per word is the same.)
    /// </summary>
    private sealed class ReplayBus(byte[] burst) : ISpiBus
    {
        private ulong _epoch;

        public void TransferFullDuplex(ReadOnlySpan<byte> write, Span<byte> read)
        {
            if (write[0] == (byte)FifoTaggerCommand.ReadIdentity)
            {
                read.Clear();
                BinaryPrimitives.WriteUInt64BigEndian(read[FifoWord.Size..], FifoWord.Identity(1, 4));
                return;
            }

            BinaryPrimitives.WriteUInt64BigEndian(burst.AsSpan(FifoTagger.HeaderBytes), FifoWord.Rollover(++_epoch));
            burst.AsSpan(0, read.Length).CopyTo(read);
        }
    }
}
