using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Reconciliation;
using NodeAgent.Distillation.Sifting;
using NodeAgent.Distillation.Slotting;
using NodeAgent.Distillation.Verification;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// Bob's half of one session: drains the tagger, slots and sifts detections with Alice, and once a block of key-basis
/// bits is full runs it through the decoy-state estimate, Cascade, verification and privacy amplification.
/// </summary>
/// <remarks>
/// Acquisition runs in the same loop as the protocol: while a block is reconciled the tagger is not read, which a
/// simulated tagger tolerates; a hardware tagger is drained meanwhile by the acquisition reader's thread into its ring
/// (<c>Node/Devices/BobAcquisition</c>), and what the ring could not hold arrives here as lost events.
/// </remarks>
internal sealed class BobSession : IDisposable
{
    private const int ReadChunk = 8192;
    private static readonly TimeSpan s_batchInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(10);

    private readonly PeerConnection _connection;
    private readonly ITimeTagger _tagger;
    private readonly DetectionSlotter _slotter;
    private readonly IKeyStore _store;
    private readonly DistillationOptions _options;
    private readonly LinkEndStatistics _statistics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly SiftedPool _pool = new();
    private readonly DetectionEvent[] _events = new DetectionEvent[ReadChunk];
    private readonly SlottedDetection[] _batch;
    private ulong _nextBlock;

    public BobSession(
        PeerConnection connection, ITimeTagger tagger, DetectionSlotter slotter, IKeyStore store, DistillationOptions options,
        LinkEndStatistics statistics, ILogger logger, TimeProvider time, TimeSpan timeout, ulong nextBlock)
    {
        _connection = connection;
        _tagger = tagger;
        _slotter = slotter;
        _store = store;
        _options = options;
        _statistics = statistics;
        _logger = logger;
        _time = time;
        _timeout = timeout;
        _nextBlock = nextBlock;
        _batch = new SlottedDetection[options.SiftBatchDetections + ReadChunk + 1];
    }

    /// <summary>The last block number this session used (or the one before its first).</summary>
    public ulong LastBlockAttempted => _nextBlock - 1;

    /// <summary>
    /// Runs until the session fails, <paramref name="stopping"/> is signalled (checked only between blocks, so a block
    /// in progress finishes and both ends commit it), or <paramref name="cancellationToken"/> aborts everything.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken cancellationToken)
    {
        while (!stopping.IsCancellationRequested)
        {
            int count = await CollectBatchAsync(cancellationToken).ConfigureAwait(false);
            // Nothing to sift when the tagger gave nothing (e.g. while slot alignment acquires).
            for (int offset = 0; offset < count;)
            {
                int take = Math.Min(count - offset, _options.SiftBatchDetections);
                await SiftAsync(_batch.AsMemory(offset, take), cancellationToken).ConfigureAwait(false);
                offset += take;
            }

            while (_pool.KeyLength >= _options.BlockBits)
            {
                await DistillBlockAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _pool.Dispose();

    private async Task<int> CollectBatchAsync(CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        int count = 0;
        while (count < _options.SiftBatchDetections && _time.GetElapsedTime(started) < s_batchInterval)
        {
            TaggerReadResult read = _tagger.Read(_events);
            _statistics.AddDetections(read.Count, read.LostEvents);
            _statistics.AddChannelDetections(_events.AsSpan(0, read.Count));
            if (read.LostEvents > 0)
            {
                _logger.LogWarning("Time-tagger overflow: {Lost} detections lost", read.LostEvents);
            }

            count += _slotter.Process(_events.AsSpan(0, read.Count), _batch.AsSpan(count));
            if (read.Count < _events.Length)
            {
                await Task.Delay(s_idlePoll, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        return count;
    }

    private async Task SiftAsync(ReadOnlyMemory<SlottedDetection> batch, CancellationToken cancellationToken)
    {
        int count = batch.Length;
        int words = BitVector.WordCount(count);
        ulong[] bases = new ulong[words], bits = new ulong[words];
        long[] slots = new long[count];
        ReadOnlySpan<SlottedDetection> detections = batch.Span;
        for (int i = 0; i < count; i++)
        {
            SlottedDetection d = detections[i];
            slots[i] = d.Slot;
            ulong mask = 1UL << (i & 63);
            if (d.Basis == Basis.X)
            {
                bases[i >> 6] |= mask;
            }

            if (d.Bit != 0)
            {
                bits[i >> 6] |= mask;
            }
        }

        int parameter = SlotListCode.ChooseParameter(slots);
        ulong[] code = new ulong[SlotListCode.CodedWords(slots, parameter)];
        SlotListCode.Encode(slots, parameter, code);
        var request = new SiftRequest
        {
            FirstSlot = count == 0 ? 0 : (ulong)slots[0],
            Count = (uint)count,
            SlotCodeParameter = (uint)parameter,
        };
        WireFormat.AddWords(request.SlotCode, code);
        WireFormat.AddWords(request.Bases, bases);
        Envelope reply = await _connection.RequestAsync(new Envelope { SiftRequest = request }, _timeout, cancellationToken).ConfigureAwait(false);
        if (reply.BodyCase != Envelope.BodyOneofCase.SiftResponse)
        {
            throw WireFormat.Malformed($"expected a sift response, got {reply.BodyCase}");
        }

        SiftResponse response = reply.SiftResponse;
        if (!response.Accepted)
        {
            _logger.LogWarning("Alice could not sift {Count} detections (outside her record window)", count);
            return;
        }

        ulong[] aliceBases = new ulong[words], low = new ulong[words], high = new ulong[words];
        WireFormat.CopyWords(response.Bases, count, aliceBases, "sift bases");
        WireFormat.CopyWords(response.IntensityLow, count, low, "intensity classes");
        WireFormat.CopyWords(response.IntensityHigh, count, high, "intensity classes");
        int kept = _pool.Append(bases, aliceBases, bits, low, high, count);
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan()));
        _statistics.AddSifted(kept);
        long held = (long)_pool.KeyLength + _pool.TestLength;
        if (response.SiftedTotal != (ulong)held)
        {
            throw WireFormat.Malformed($"Alice holds {response.SiftedTotal} sifted bits, Bob {held} (sifting out of step)");
        }
    }

    private async Task DistillBlockAsync(CancellationToken cancellationToken)
    {
        ulong block = _nextBlock++;
        int blockBits = _options.BlockBits;
        using BitVector key = _pool.TakeKey(blockBits, out IntensityTally keyDetections);
        IntensityTally testDetections;
        var estimateRequest = new EstimateRequest { Block = block, BlockBits = (uint)blockBits };
        using (BitVector test = _pool.TakeTest(out testDetections, out BitVector testLow, out BitVector testHigh))
        {
            testLow.Dispose();
            testHigh.Dispose();
            estimateRequest.TestBitsCount = (uint)test.Length;
            WireFormat.AddWords(estimateRequest.TestBits, test.Words);
        }

        EstimateResponse estimated = (await RequestAsync(new Envelope { EstimateRequest = estimateRequest }, Envelope.BodyOneofCase.EstimateResponse, cancellationToken).ConfigureAwait(false)).EstimateResponse;
        if (!WireFormat.Matches(estimated.KeyDetections, keyDetections) || !WireFormat.Matches(estimated.TestDetections, testDetections))
        {
            throw WireFormat.Malformed("Alice's detection counts per intensity differ from Bob's (sifting out of step)");
        }

        double qber = BlockPlan.TestQber(WireFormat.ToTally(estimated.TestErrors), testDetections);
        _statistics.QberEstimated(qber);
        if (!estimated.Accepted)
        {
            Discard(block, estimated.Reason, estimated.Alarm);
            return;
        }

        int correctedBits;
        long disclosedBits;
        if (_options.Reconciliation == ReconciliationMethod.Ldpc)
        {
            LdpcReconciled reconciled = await LdpcNetworkReconciler.ReconcileAsync(_connection, block, key, qber, _timeout, cancellationToken).ConfigureAwait(false);
            if (reconciled.FailedFrames > 0)
            {
                // Never passed on: the frames keep Bob's bits, so verification fails and both ends discard the block.
                _logger.LogWarning("Block {Block}: {Failed} of {Frames} LDPC frames did not decode", block, reconciled.FailedFrames, reconciled.Frames);
            }

            (correctedBits, disclosedBits) = (reconciled.CorrectedBits, reconciled.DisclosedBits);
        }
        else
        {
            var schedule = BlockPlan.Schedule(_options, key.Length, qber, estimated.CascadeSeed);
            CascadeResult reconciled = await new CascadeReconciler(schedule)
                .ReconcileAsync(key, new NetworkParityOracle(_connection, block, _timeout), cancellationToken).ConfigureAwait(false);
            if (!reconciled.Completed)
            {
                await _connection.SendAsync(new Envelope { Abort = new Abort { Block = block, Reason = "reconciliation did not converge" } }, cancellationToken).ConfigureAwait(false);
                throw new PeerProtocolException(PeerFailure.PeerAborted, $"Block {block}: reconciliation did not converge.");
            }

            (correctedBits, disclosedBits) = (reconciled.CorrectedBits, reconciled.DisclosedParities);
        }

        int tagWords = BlockPlan.TagWords(_options, key.Length);
        var verify = new VerifyRequest { Block = block, CorrectedBits = (uint)correctedBits, DisclosedParities = (ulong)disclosedBits };
        for (int i = 0; i < tagWords; i++)
        {
            ulong hashKey = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
            verify.HashKeys.Add(hashKey);
            verify.Tags.Add(PolynomialHash.Compute(key.Words, key.Length, hashKey));
        }

        double correctedRate = key.Length == 0 ? 0 : (double)correctedBits / key.Length;
        _statistics.Reconciled(key.Length, disclosedBits + (64L * tagWords), AliceSession.Efficiency(disclosedBits, key.Length, correctedRate));
        VerifyResponse verified = (await RequestAsync(new Envelope { VerifyRequest = verify }, Envelope.BodyOneofCase.VerifyResponse, cancellationToken).ConfigureAwait(false)).VerifyResponse;
        if (verified.Estimate is { } report)
        {
            _statistics.Estimated(report);
            BlockPlan.LogEstimate(_logger, block, report);
        }

        if (!verified.Accepted)
        {
            Discard(block, verified.Reason);
            return;
        }

        if (verified.KeyBits != (uint)_options.KeyBits || verified.OutputBits == 0 || verified.OutputBits > (uint)key.Length)
        {
            throw WireFormat.Malformed("privacy amplification parameters do not fit the block");
        }

        var ids = new List<Guid>(verified.KeyIds.Count);
        foreach (Google.Protobuf.ByteString id in verified.KeyIds)
        {
            ids.Add(id.Length == 16 ? new Guid(id.Span, bigEndian: true) : throw WireFormat.Malformed("key ID is not 16 bytes"));
        }

        if (verified.AuthenticationPads > verified.OutputBits / (2 * KeyFinisher.PadBits))
        {
            throw WireFormat.Malformed("more authentication pads than the block's output");
        }

        FinishedBlock finished = KeyFinisher.Finish(key, verified.ToeplitzSeed.Span, (int)verified.OutputBits, _options.KeyBits, ids, (int)verified.AuthenticationPads, block);
        int keyCount = finished.Keys.Count;

        // Durable before Alice is asked to commit: if she commits and either end dies now, the keys survive here.
        _store.Stage(block, finished.Keys, finished.Pads);
        Envelope committed = await RequestAsync(new Envelope { CommitRequest = new CommitRequest { Block = block } }, Envelope.BodyOneofCase.CommitResponse, cancellationToken).ConfigureAwait(false);
        if (committed.CommitResponse.Block != block)
        {
            throw WireFormat.Malformed($"commit acknowledged for block {committed.CommitResponse.Block}, expected {block}");
        }

        _store.CommitStaged(block);
        _statistics.BlockAccepted(keyCount * (long)_options.KeyBits);
        _logger.LogInformation("Block {Block} committed: {Keys} keys, QBER {Qber:P2}, f = {Efficiency:F3}", block, keyCount, qber, _statistics.LastEfficiency);
    }

    private async Task<Envelope> RequestAsync(Envelope request, Envelope.BodyOneofCase expected, CancellationToken cancellationToken)
    {
        Envelope reply = await _connection.RequestAsync(request, _timeout, cancellationToken).ConfigureAwait(false);
        return reply.BodyCase == expected ? reply : throw WireFormat.Malformed($"expected {expected}, got {reply.BodyCase}");
    }

    private void Discard(ulong block, string reason, LinkAlarm alarm = LinkAlarm.None)
    {
        _logger.LogWarning("Block {Block} discarded: {Reason}", block, reason);
        _statistics.BlockDiscarded(reason, alarm);
    }
}
