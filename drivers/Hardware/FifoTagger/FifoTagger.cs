using System.Buffers;
using System.Buffers.Binary;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Buses;

namespace NodeAgent.Drivers.Hardware.FifoTagger;

/// <summary>
/// An FPGA time-tagger that queues timestamp words in a FIFO and hands them out over SPI in bursts
/// (<see cref="FifoWord"/> documents the words). Unwraps the 32-bit coarse counter into a monotonic 64-bit tick,
/// turns overflow markers into <see cref="TaggerReadResult.LostEvents"/>, and counts and skips every bad word.
/// </summary>
/// <remarks>
/// Not thread-safe: one reader thread. <see cref="Read"/> allocates nothing: bursts go through one buffer rented from
/// <see cref="ArrayPool{T}.Shared"/> at construction and returned by <see cref="Dispose"/>. Bad data never throws;
/// a bus that fails throws <see cref="IOException"/>, and a device that stops answering (a whole burst of all-ones or
/// all-zeros) throws <see cref="DeviceNotFoundException"/>, so the reader can tell silence from a dead link.
/// Events are expected in ascending time order across channels (the FPGA merges its channels).
/// </remarks>
public sealed class FifoTagger : ITimeTagger, IDisposable
{
    /// <summary>Bytes clocked before the first word: the command byte and seven zeros.</summary>
    public const int HeaderBytes = FifoWord.Size;

    // A tick that falls more than half the coarse range behind the last one means a rollover marker was lost.
    private const long HalfCoarseRange = 1L << 31;

    private readonly ISpiBus _spi;
    private readonly int _fineBins;
    private readonly int _channelCount;
    private readonly int _maxBurstWords;
    private byte[]? _tx;
    private byte[]? _rx;
    private ulong _epoch;
    private long _lastTick = long.MinValue;

    /// <summary>Reads the identity word and checks it; throws when no tagger answers.</summary>
    /// <exception cref="ArgumentException">A setting is invalid (all are listed).</exception>
    /// <exception cref="DeviceNotFoundException">The identity word is wrong, corrupted, all-ones or all-zeros.</exception>
    /// <exception cref="IOException">The bus failed.</exception>
    public FifoTagger(ISpiBus spi, FifoTaggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(spi);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _spi = spi;
        _fineBins = options.FineBinsPerCoarse;
        _channelCount = options.ChannelCount;
        _maxBurstWords = options.MaxBurstWords;
        TickPicoseconds = options.CoarsePeriodPicoseconds / options.FineBinsPerCoarse;

        int bytes = HeaderBytes + (_maxBurstWords * FifoWord.Size);
        _tx = ArrayPool<byte>.Shared.Rent(bytes);
        _rx = ArrayPool<byte>.Shared.Rent(bytes);
        Array.Clear(_tx);
        _tx[0] = (byte)FifoTaggerCommand.ReadBurst;
        try
        {
            Identify();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int ChannelCount => _channelCount;

    public double TickPicoseconds { get; }

    /// <summary>Device firmware version from the identity word.</summary>
    public int FirmwareVersion { get; private set; }

    /// <summary>Words whose CRC-8 failed (skipped).</summary>
    public long CorruptedWords { get; private set; }

    /// <summary>Timestamp words with a CRC that passed but a channel or fine value out of range (skipped).</summary>
    public long InvalidWords { get; private set; }

    /// <summary>Timestamp words earlier than the previous event (skipped: the output stays ascending).</summary>
    public long OutOfOrderWords { get; private set; }

    /// <summary>Rollovers inferred from the coarse counter jumping back because a marker was lost.</summary>
    public long InferredRollovers { get; private set; }

    /// <summary>Rollover markers naming an epoch older than the current one (ignored).</summary>
    public long RejectedMarkers { get; private set; }

    /// <summary>Events the device reported dropped (sum of overflow markers).</summary>
    public long DeviceLostEvents { get; private set; }

    /// <summary>Bursts that came back as all-ones or all-zeros (the device stopped answering).</summary>
    public long SilentBursts { get; private set; }

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        ObjectDisposedException.ThrowIf(_rx is null || _tx is null, this);
        if (destination.IsEmpty)
        {
            return default;
        }

        int words = Math.Min(destination.Length, _maxBurstWords);
        int length = HeaderBytes + (words * FifoWord.Size);
        ReadOnlySpan<byte> rx = _rx.AsSpan(0, length);
        _spi.TransferFullDuplex(_tx.AsSpan(0, length), _rx.AsSpan(0, length));
        return Decode(rx[HeaderBytes..], destination);
    }

    public void Dispose()
    {
        if (_tx is not null)
        {
            ArrayPool<byte>.Shared.Return(_tx);
            _tx = null;
        }

        if (_rx is not null)
        {
            ArrayPool<byte>.Shared.Return(_rx);
            _rx = null;
        }
    }

    private TaggerReadResult Decode(ReadOnlySpan<byte> words, Span<DetectionEvent> destination)
    {
        int count = 0;
        long lost = 0;
        long corruptedBefore = CorruptedWords;
        int wordCount = words.Length / FifoWord.Size;
        int i = 0;
        for (; i < wordCount; i++)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(words.Slice(i * FifoWord.Size, FifoWord.Size));
            if (!FifoWord.HasValidCrc(word))
            {
                CorruptedWords++;
                continue;
            }

            FifoWordType type = FifoWord.TypeOf(word);
            if (type == FifoWordType.Timestamp)
            {
                if (TryUnwrap(word, out DetectionEvent detection))
                {
                    destination[count++] = detection;
                }
            }
            else if (type == FifoWordType.Idle)
            {
                break;
            }
            else if (type == FifoWordType.Rollover)
            {
                ApplyRollover(FifoWord.Payload(word));
            }
            else
            {
                lost += (long)FifoWord.Payload(word);
            }
        }

        if (i == wordCount && CorruptedWords - corruptedBefore == wordCount && IsSilent(words))
        {
            // Every word bad and the bytes all equal to 0x00 or 0xFF: MISO floats or is stuck, nobody answers.
            CorruptedWords = corruptedBefore;
            SilentBursts++;
            throw new DeviceNotFoundException(
                $"the FIFO tagger does not answer: a burst of {wordCount} words read as all 0x{words[0]:X2} " +
                "(device unpowered, unplugged, or MISO stuck)");
        }

        DeviceLostEvents += lost;
        return new TaggerReadResult(count, lost);
    }

    private bool TryUnwrap(ulong word, out DetectionEvent detection)
    {
        int channel = FifoWord.Channel(word);
        int fine = FifoWord.Fine(word);
        if (channel >= _channelCount || fine >= _fineBins)
        {
            InvalidWords++;
            detection = default;
            return false;
        }

        uint coarse = FifoWord.Coarse(word);
        long coarse64 = (long)((_epoch << 32) | coarse);
        if (_lastTick != long.MinValue && coarse64 < (_lastTick / _fineBins) - HalfCoarseRange)
        {
            // Far behind the last event: the counter wrapped and its marker was corrupted away.
            _epoch++;
            InferredRollovers++;
            coarse64 = (long)((_epoch << 32) | coarse);
        }

        long tick = (coarse64 * _fineBins) + fine;
        if (tick < _lastTick)
        {
            OutOfOrderWords++;
            detection = default;
            return false;
        }

        _lastTick = tick;
        detection = new DetectionEvent(tick, channel);
        return true;
    }

    private void ApplyRollover(ulong epoch)
    {
        if (epoch > _epoch)
        {
            _epoch = epoch;
        }
        else if (epoch < _epoch)
        {
            RejectedMarkers++;
        }

        // epoch == _epoch: the marker for a wrap already inferred, or a repeat; nothing to do.
    }

    private void Identify()
    {
        Span<byte> tx = stackalloc byte[2 * FifoWord.Size];
        Span<byte> rx = stackalloc byte[2 * FifoWord.Size];
        tx.Clear();
        tx[0] = (byte)FifoTaggerCommand.ReadIdentity;
        _spi.TransferFullDuplex(tx, rx);
        ulong word = BinaryPrimitives.ReadUInt64BigEndian(rx[FifoWord.Size..]);
        if (!FifoWord.HasValidCrc(word) || (uint)(word >> 32) != FifoWord.IdentityMagic)
        {
            throw new DeviceNotFoundException(
                $"no FIFO tagger answers on the SPI bus: identity word 0x{word:X16}, expected 0x{FifoWord.IdentityMagic:X8}...... " +
                "with a valid CRC-8 (all-ones: MISO floating high; all-zeros: no device or MISO held low)");
        }

        FirmwareVersion = (int)(word >> 24) & 0xFF;
        int deviceChannels = (int)(word >> 16) & 0xFF;
        if (_channelCount > deviceChannels)
        {
            throw new DeviceNotFoundException(
                $"the FIFO tagger has {deviceChannels} channels; {FifoTaggerOptions.SectionName}:ChannelCount asks for {_channelCount}");
        }
    }

    private static bool IsSilent(ReadOnlySpan<byte> words)
    {
        byte first = words[0];
        return (first is 0x00 or 0xFF) && !words.ContainsAnyExcept(first);
    }
}
