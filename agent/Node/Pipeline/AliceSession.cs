using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Estimation.FiniteKey;
using NodeAgent.Distillation.Reconciliation;
using NodeAgent.Distillation.Sifting;
using NodeAgent.Distillation.Slotting;
using NodeAgent.Distillation.Verification;
using NodeAgent.Hal.Transmitter;
using NodeAgent.Keys;
using NodeAgent.Node.Configuration;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Authentication;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// Alice's half of one session: answers Bob's requests in order. Every request gets exactly one reply; a request
/// that does not fit the protocol state is answered with Abort, and the session ends so both ends start clean.
/// </summary>
internal sealed class AliceSession : IDisposable
{
    private const int MaxParityQueries = 1 << 20;
    private static readonly ulong[] s_allOnes = Enumerable.Repeat(ulong.MaxValue, 1 << 14).ToArray();

    private readonly PeerConnection _connection;
    private readonly ITransmitterRecord _transmitter;
    private readonly IKeyStore _store;
    private readonly DistillationOptions _options;
    private readonly LinkEndStatistics _statistics;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly SiftedPool _pool = new();
    private readonly Intensities _intensities;
    private AliceBlock? _block;
    private ChannelPeriod _period = ChannelPeriod.Empty;
    private ulong _lastBlockSeen;
    private long _padsReservedAtCommit;

    public AliceSession(
        PeerConnection connection, ITransmitterRecord transmitter, IKeyStore store, DistillationOptions options,
        LinkEndStatistics statistics, ILogger logger, TimeSpan timeout)
    {
        _connection = connection;
        _transmitter = transmitter;
        _intensities = BlockPlan.ToIntensities(transmitter.Intensities);
        _store = store;
        _options = options;
        _statistics = statistics;
        _logger = logger;
        _timeout = timeout;
        _lastBlockSeen = store.LastCommittedBlock;
        _padsReservedAtCommit = store.PadsReserved((int)PadDirection.AliceToBob);
    }

    /// <summary>Serves requests until the peer goes away, the session fails, or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Envelope request = await _connection.ReceiveAsync(_timeout, cancellationToken).ConfigureAwait(false);
            Envelope reply;
            try
            {
                reply = Handle(request);
            }
            catch (Exception ex) when (ex is PeerProtocolException or InvalidDataException or ArgumentException)
            {
                ulong block = _block?.Block ?? 0;
                DiscardBlock($"invalid request: {ex.Message}");
                _statistics.PeerLink.Failed(PeerFailure.Malformed);
                await _connection.SendAsync(new Envelope { Abort = new Abort { Block = block, Reason = ex.Message } }, cancellationToken).ConfigureAwait(false);
                throw new PeerProtocolException(PeerFailure.Malformed, $"Aborted the session after an invalid request: {ex.Message}", ex);
            }

            await _connection.SendAsync(reply, cancellationToken).ConfigureAwait(false);
            if (reply.BodyCase == Envelope.BodyOneofCase.Abort)
            {
                throw new PeerProtocolException(PeerFailure.PeerAborted, $"Session ended after abort: {reply.Abort.Reason}");
            }
        }
    }

    public void Dispose()
    {
        if (_block is not null)
        {
            _logger.LogError("Block {Block} discarded: the session with Bob ended mid-block", _block.Block);
            DiscardBlock("session ended mid-block");
        }

        _pool.Dispose();
    }

    private Envelope Handle(Envelope request) => request.BodyCase switch
    {
        Envelope.BodyOneofCase.SiftRequest => new Envelope { SiftResponse = Sift(request.SiftRequest) },
        Envelope.BodyOneofCase.EstimateRequest => new Envelope { EstimateResponse = Estimate(request.EstimateRequest) },
        Envelope.BodyOneofCase.ParityRequest => new Envelope { ParityResponse = Parity(request.ParityRequest) },
        Envelope.BodyOneofCase.LdpcRequest => new Envelope { LdpcResponse = Ldpc(request.LdpcRequest) },
        Envelope.BodyOneofCase.VerifyRequest => new Envelope { VerifyResponse = Verify(request.VerifyRequest) },
        Envelope.BodyOneofCase.CommitRequest => new Envelope { CommitResponse = Commit(request.CommitRequest) },
        Envelope.BodyOneofCase.Abort => Aborted(request.Abort),
        _ => throw WireFormat.Malformed($"unexpected {request.BodyCase}"),
    };

    private SiftResponse Sift(SiftRequest request)
    {
        if (request.Count > (uint)_options.SiftBatchDetections)
        {
            throw WireFormat.Malformed($"sift request with {request.Count} detections (limit {_options.SiftBatchDetections})");
        }

        int count = (int)request.Count;
        if (request.FirstSlot > long.MaxValue)
        {
            throw WireFormat.Malformed("sift slots out of range");
        }

        long[] slots = new long[count];
        try
        {
            SlotListCode.Decode(request.SlotCode.ToArray(), (int)Math.Min(request.SlotCodeParameter, int.MaxValue), (long)request.FirstSlot, slots);
        }
        catch (InvalidDataException error)
        {
            throw WireFormat.Malformed($"sift slots: {error.Message}");
        }

        ulong[] bobBases = new ulong[BitVector.WordCount(count)];
        WireFormat.CopyWords(request.Bases, count, bobBases, "sift bases");
        _statistics.AddDetections(count, 0);
        var pulses = new SentPulse[count];
        if (!_transmitter.TryLookup(slots, pulses))
        {
            _logger.LogWarning("Bob asked about {Count} slots outside the transmitter's record window; nothing sifted", count);
            return new SiftResponse { Accepted = false, SiftedTotal = (ulong)Held };
        }

        int words = BitVector.WordCount(count);
        ulong[] bases = new ulong[words], bits = new ulong[words], low = new ulong[words], high = new ulong[words];
        for (int i = 0; i < count; i++)
        {
            ulong mask = 1UL << (i & 63);
            SentPulse pulse = pulses[i];
            if (pulse.Basis == Basis.X)
            {
                bases[i >> 6] |= mask;
            }

            if (pulse.Bit != 0)
            {
                bits[i >> 6] |= mask;
            }

            if (((int)pulse.Intensity & 1) != 0)
            {
                low[i >> 6] |= mask;
            }

            if (((int)pulse.Intensity & 2) != 0)
            {
                high[i >> 6] |= mask;
            }
        }

        if (count == 0)
        {
            return new SiftResponse { Accepted = true, SiftedTotal = (ulong)Held }; // an empty request is harmless
        }

        _period = _period.Add(slots[0], slots[^1], SiftedPool.CountByIntensity(s_allOnes.AsSpan(0, words), low, high, count));
        int kept = _pool.Append(bases, bobBases, bits, low, high, count);
        _statistics.AddSifted(kept);
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan()));
        var response = new SiftResponse { Accepted = true, SiftedTotal = (ulong)Held };
        WireFormat.AddWords(response.Bases, bases);
        WireFormat.AddWords(response.IntensityLow, low);
        WireFormat.AddWords(response.IntensityHigh, high);
        return response;
    }

    private long Held => (long)_pool.KeyLength + _pool.TestLength;

    private EstimateResponse Estimate(EstimateRequest request)
    {
        if (_block is not null)
        {
            throw WireFormat.Malformed($"block {request.Block} opened while block {_block.Block} is in progress");
        }

        if (request.Block <= _lastBlockSeen)
        {
            throw WireFormat.Malformed($"block {request.Block} is not newer than block {_lastBlockSeen}");
        }

        int blockBits = _options.BlockBits;
        if (request.BlockBits != blockBits)
        {
            throw WireFormat.Malformed($"block of {request.BlockBits} bits; this end uses {blockBits} (configurations differ)");
        }

        if (_pool.KeyLength < blockBits || request.TestBitsCount != _pool.TestLength)
        {
            throw WireFormat.Malformed($"block of {blockBits} key bits and {request.TestBitsCount} test bits requested but {_pool.KeyLength} and {_pool.TestLength} are held (sifting out of step)");
        }

        _lastBlockSeen = request.Block;
        BitVector key = _pool.TakeKey(blockBits, out IntensityTally keyDetections);
        IntensityTally testDetections, testErrors;
        using (BitVector test = _pool.TakeTest(out testDetections, out BitVector low, out BitVector high))
        using (low)
        using (high)
        using (BitVector bobTest = WireFormat.ReadBits(request.TestBits, test.Length, "test bits"))
        {
            ulong[] differences = new ulong[BitVector.WordCount(test.Length)];
            for (int w = 0; w < differences.Length; w++)
            {
                differences[w] = test.Words[w] ^ bobTest.Words[w];
            }

            testErrors = SiftedPool.CountByIntensity(differences, low.Words, high.Words, test.Length);
        }

        double qber = BlockPlan.TestQber(testErrors, testDetections);
        _statistics.QberEstimated(qber);
        ChannelPeriod period = _period;
        _period = ChannelPeriod.Empty;
        _statistics.AddBlockPulses(period.Pulses);
        double vacuumPulses = period.Pulses * _transmitter.Intensities.VacuumProbability;
        if (vacuumPulses >= 1)
        {
            _statistics.Background(period.Detections.Vacuum / vacuumPulses);
        }
        var response = new EstimateResponse
        {
            Block = request.Block,
            KeyDetections = WireFormat.ToMessage(keyDetections),
            TestDetections = WireFormat.ToMessage(testDetections),
            TestErrors = WireFormat.ToMessage(testErrors),
        };

        // Before spending reconciliation on it, check the channel behaves like a fibre and the block could yield key
        // even if nothing leaked.
        ChannelConsistency.Result channel = BlockPlan.CheckChannel(_options, _transmitter.Intensities, period);
        FiniteKeyEstimate best = BlockPlan.EstimateSecretLength(_options, _intensities, keyDetections, testDetections, testErrors, keyErrors: 0, leakedBits: 0);
        if (!channel.Consistent || !best.Accepted)
        {
            LinkAlarm alarm = qber > _options.FiniteKey.MaxQber ? LinkAlarm.Qber : channel.Consistent ? LinkAlarm.None : LinkAlarm.DetectionStatistics;
            string reason = alarm switch
            {
                LinkAlarm.Qber => BlockPlan.QberReason(qber),
                LinkAlarm.DetectionStatistics => channel.Reason!,
                _ => best.DiscardReason ?? "no secret key possible",
            };
            FiniteKeyReport report = BlockPlan.Report(best, qber, double.NaN, 0);
            _statistics.Estimated(report);
            BlockPlan.LogEstimate(_logger, request.Block, report);
            _logger.LogWarning("Block {Block} discarded: {Reason}", request.Block, reason);
            _statistics.BlockDiscarded(reason, alarm);
            key.Dispose();
            response.Reason = reason;
            response.Alarm = alarm;
            return response;
        }

        // One shuffle seed per session: the shuffles are public and independent of the channel's errors, so reusing
        // them loses nothing, and both ends then reuse the schedule's permutations (CascadeSchedule caches them).
        ulong cascadeSeed = _cascadeSeed;
        _block = _options.Reconciliation == ReconciliationMethod.Ldpc
            ? new AliceBlock(request.Block, key, qber, null, new LdpcResponder(key, qber), keyDetections, testDetections, testErrors)
            : new AliceBlock(request.Block, key, qber, new CascadeParityResponder(key, BlockPlan.Schedule(_options, key.Length, qber, cascadeSeed)), null, keyDetections, testDetections, testErrors);
        response.Accepted = true;
        response.CascadeSeed = cascadeSeed;
        return response;
    }

    private ParityResponse Parity(ParityRequest request)
    {
        AliceBlock block = CurrentBlock(request.Block);
        ParityQuery[] queries = WireFormat.ReadQueries(request.Queries, MaxParityQueries);
        ulong[] parities = new ulong[BitVector.WordCount(queries.Length)];
        (block.Responder ?? throw WireFormat.Malformed("Cascade parities asked, but this end reconciles with LDPC (configurations differ)")).Answer(queries, parities);
        var response = new ParityResponse { Block = request.Block };
        WireFormat.AddWords(response.Parities, parities);
        return response;
    }

    private LdpcResponse Ldpc(LdpcRequest request)
    {
        AliceBlock block = CurrentBlock(request.Block);
        LdpcResponder ldpc = block.Ldpc ?? throw WireFormat.Malformed("LDPC bits asked, but this end reconciles with Cascade (configurations differ)");
        return ldpc.Answer(request);
    }

    private VerifyResponse Verify(VerifyRequest request)
    {
        AliceBlock block = CurrentBlock(request.Block);
        int n = block.Key.Length;
        int tagWords = BlockPlan.TagWords(_options, n);
        if (request.HashKeys.Count != tagWords || request.Tags.Count != tagWords)
        {
            throw WireFormat.Malformed($"verification with {request.Tags.Count} tags, expected {tagWords}");
        }

        if (request.DisclosedParities != (ulong)block.Disclosed || request.CorrectedBits > n)
        {
            throw WireFormat.Malformed("reconciliation accounting differs between the ends");
        }

        bool match = true;
        for (int i = 0; i < tagWords; i++)
        {
            match &= PolynomialHash.Compute(block.Key.Words, n, request.HashKeys[i]) == request.Tags[i];
        }

        long disclosed = block.Disclosed + (64L * tagWords);
        double correctedRate = n == 0 ? 0 : (double)request.CorrectedBits / n;
        _statistics.Reconciled(n, disclosed, Efficiency(block.Disclosed, n, correctedRate));
        if (!match)
        {
            return Reject(block, "verification failed: keys still differ after reconciliation");
        }

        FiniteKeyEstimate estimate = BlockPlan.EstimateSecretLength(
            _options, _intensities, block.KeyDetections, block.TestDetections, block.TestErrors, request.CorrectedBits, disclosed);
        FiniteKeyReport report = BlockPlan.Report(estimate, block.SampleQber, correctedRate, disclosed);
        _statistics.Estimated(report);
        BlockPlan.LogEstimate(_logger, block.Block, report);
        int outputBits = BlockPlan.OutputBits(_options, estimate, n);
        if (!estimate.Accepted || outputBits <= 0)
        {
            VerifyResponse rejected = Reject(block, estimate.DiscardReason ?? $"secret length {estimate.RawLength:F0} bits is less than one key");
            rejected.Estimate = report;
            return rejected;
        }

        // The authentication pads come first: the channel must never run dry, or no block could replenish it.
        int pads = Math.Min(AuthenticationPadsWanted(), outputBits / (2 * KeyFinisher.PadBits));
        int keyCount = (outputBits - (2 * pads * KeyFinisher.PadBits)) / _options.KeyBits;
        outputBits = (2 * pads * KeyFinisher.PadBits) + (keyCount * _options.KeyBits);
        byte[] seed = RandomNumberGenerator.GetBytes((Distillation.Amplification.ToeplitzHash.SeedBits(n, outputBits) + 7) / 8);
        var ids = new Guid[keyCount];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = Guid.NewGuid();
        }

        block.Pending?.Discard();
        block.Pending = KeyFinisher.Finish(block.Key, seed, outputBits, _options.KeyBits, ids, pads, block.Block);
        var response = new VerifyResponse
        {
            Block = block.Block,
            Accepted = true,
            OutputBits = (uint)outputBits,
            KeyBits = (uint)_options.KeyBits,
            AuthenticationPads = (uint)pads,
            ToeplitzSeed = ByteString.CopyFrom(seed),
            Estimate = report,
        };
        foreach (Guid id in ids)
        {
            response.KeyIds.Add(ByteString.CopyFrom(id.ToByteArray(bigEndian: true)));
        }

        return response;
    }

    /// <summary>
    /// Pads to set aside each way from the next block: the configured share, or more when Alice spent more than that
    /// since the last commit (key delivery spends pads too), with a quarter to spare. Both directions get the same, as
    /// every request on the channel has a reply.
    /// </summary>
    private int AuthenticationPadsWanted()
    {
        long spent = _store.PadsReserved((int)PadDirection.AliceToBob) - _padsReservedAtCommit;
        return (int)Math.Clamp(spent + (spent / 4), _options.AuthenticationPadsPerBlock, int.MaxValue / (2 * KeyFinisher.PadBits));
    }

    private CommitResponse Commit(CommitRequest request)
    {
        AliceBlock block = CurrentBlock(request.Block);
        if (block.Pending is not FinishedBlock pending)
        {
            throw WireFormat.Malformed($"commit of block {request.Block} before verification");
        }

        int pads = pending.Pads.AliceToBob.Length / BlockPads.PadBytes;
        _store.Commit(block.Block, pending.Keys, pending.Pads);
        _padsReservedAtCommit = _store.PadsReserved((int)PadDirection.AliceToBob);
        _statistics.BlockAccepted(pending.Keys.Count * (long)_options.KeyBits);
        _logger.LogInformation("Block {Block} committed: {Keys} keys, {Pads} authentication pads each way, QBER {Qber:P2}", block.Block, pending.Keys.Count, pads, block.SampleQber);
        block.Pending = null;
        block.Dispose();
        _block = null;
        return new CommitResponse { Block = request.Block };
    }

    private Envelope Aborted(Abort abort)
    {
        DiscardBlock($"Bob aborted: {abort.Reason}");
        throw new PeerProtocolException(PeerFailure.PeerAborted, $"Bob aborted block {abort.Block}: {abort.Reason}");
    }

    private VerifyResponse Reject(AliceBlock block, string reason)
    {
        _logger.LogWarning("Block {Block} discarded: {Reason}", block.Block, reason);
        DiscardBlock(reason);
        return new VerifyResponse { Block = block.Block, Accepted = false, Reason = reason };
    }

    private AliceBlock CurrentBlock(ulong block) =>
        _block is not null && _block.Block == block ? _block : throw WireFormat.Malformed($"message for block {block}, which is not in progress");

    private void DiscardBlock(string reason)
    {
        if (_block is null)
        {
            return;
        }

        _statistics.BlockDiscarded(reason);
        _block.Dispose();
        _block = null;
    }

    internal static double Efficiency(long disclosedParities, int n, double qber) =>
        qber <= 0 || n == 0 ? double.NaN : disclosedParities / (n * BinaryEntropy.H(qber));

    internal static string QberReason(double qber) =>
        $"QBER {qber:P2} above the limit: possible eavesdropping";

    private readonly ulong _cascadeSeed = RandomSeed();

    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>Alice's state for the block in progress.</summary>
    private sealed class AliceBlock(
        ulong block, BitVector key, double sampleQber, CascadeParityResponder? responder, LdpcResponder? ldpc,
        IntensityTally keyDetections, IntensityTally testDetections, IntensityTally testErrors) : IDisposable
    {
        public IntensityTally KeyDetections { get; } = keyDetections;

        public IntensityTally TestDetections { get; } = testDetections;

        public IntensityTally TestErrors { get; } = testErrors;

        public ulong Block { get; } = block;

        public BitVector Key { get; } = key;

        public double SampleQber { get; } = sampleQber;

        /// <summary>Cascade's parity oracle, when the link reconciles with Cascade.</summary>
        public CascadeParityResponder? Responder { get; } = responder;

        /// <summary>The LDPC frames' sessions, when the link reconciles with LDPC.</summary>
        public LdpcResponder? Ldpc { get; } = ldpc;

        /// <summary>Bits reconciliation disclosed so far, counted here (never taken from Bob).</summary>
        public long Disclosed => Responder?.DisclosedParities ?? Ldpc!.DisclosedBits;

        public FinishedBlock? Pending { get; set; }

        public void Dispose()
        {
            Pending?.Discard();
            Responder?.Dispose();
            Ldpc?.Dispose();
            Key.Dispose();
        }
    }
}
