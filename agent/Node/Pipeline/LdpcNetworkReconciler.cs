using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation.Ldpc;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>What blind LDPC did to one block at Bob's end.</summary>
/// <param name="CorrectedBits">Bits of Bob's key changed by the decoded frames.</param>
/// <param name="DisclosedBits">Syndrome − punctured + revealed bits, over every frame.</param>
/// <param name="RoundTrips">One for the syndromes, one per reveal round.</param>
/// <param name="Frames">Frames in the block.</param>
/// <param name="FailedFrames">Frames that never decoded: their bits stay as Bob had them, so verification discards the block.</param>
internal readonly record struct LdpcReconciled(int CorrectedBits, long DisclosedBits, int RoundTrips, int Frames, int FailedFrames);

/// <summary>
/// Bob's side of blind LDPC over the peer channel: every frame of the block in lockstep, one round trip for the
/// syndromes and one per reveal round of the frames still undecoded. Each frame has its own decoder, since a retry
/// resumes from the state its last decoding left.
/// </summary>
internal static class LdpcNetworkReconciler
{
    public static async Task<LdpcReconciled> ReconcileAsync(
        PeerConnection connection, ulong block, BitVector key, double qber, TimeSpan timeout, CancellationToken cancellationToken)
    {
        LdpcPlan[] plans = LdpcFrames.Plans(key.Length, qber);
        var decoders = new LdpcDecoder?[plans.Length];
        var sessions = new LdpcBobSession?[plans.Length];
        try
        {
            for (int f = 0; f < plans.Length; f++)
            {
                using BitVector frame = key.Slice(f * LdpcFrames.FrameBits, plans[f].PayloadBits);
                decoders[f] = new LdpcDecoder(plans[f].Code, LdpcFrames.Options.CheckRule, LdpcFrames.Options.NormalizationShift);
                sessions[f] = new LdpcBobSession(plans[f], frame.Words, decoders[f]!);
            }

            LdpcResponse syndromes = await AskAsync(connection, new LdpcRequest { Block = block, Syndromes = true }, timeout, cancellationToken).ConfigureAwait(false);
            int roundTrips = 1;
            Apply(syndromes, Enumerable.Range(0, plans.Length).ToList(), (f, bits, count) =>
                count == plans[f].Code.CheckCount ? sessions[f]!.TryDecode(bits) : throw WireFormat.Malformed($"LDPC syndrome of {count} bits for frame {f}"));

            List<int> pending = Pending(sessions);
            while (pending.Count > 0)
            {
                var request = new LdpcRequest { Block = block };
                request.Frames.AddRange(pending.Select(f => (uint)f));
                LdpcResponse revealed = await AskAsync(connection, request, timeout, cancellationToken).ConfigureAwait(false);
                roundTrips++;
                Apply(revealed, pending, (f, bits, count) =>
                    count is > 0 && count <= plans[f].RevealStep ? sessions[f]!.TryDecodeWithRevealed(bits, count) : throw WireFormat.Malformed($"LDPC reveal of {count} bits for frame {f}"));
                pending = Pending(sessions);
            }

            int corrected = 0;
            int failed = 0;
            for (int f = 0; f < plans.Length; f++)
            {
                LdpcBobSession session = sessions[f]!;
                if (!session.Succeeded)
                {
                    failed++;
                    continue;
                }

                ulong[] decoded = new ulong[BitVector.WordCount(plans[f].PayloadBits)];
                session.CopyCorrectedKey(decoded);
                int start = f * LdpcFrames.FrameBits;
                for (int i = 0; i < plans[f].PayloadBits; i++)
                {
                    if ((int)((decoded[i >> 6] >> (i & 63)) & 1) != key.Get(start + i))
                    {
                        key.Flip(start + i);
                        corrected++;
                    }
                }

                CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(decoded.AsSpan()));
            }

            return new LdpcReconciled(corrected, sessions.Sum(s => s!.DisclosedBits), roundTrips, plans.Length, failed);
        }
        finally
        {
            foreach (LdpcBobSession? session in sessions)
            {
                session?.Dispose();
            }

            foreach (LdpcDecoder? decoder in decoders)
            {
                decoder?.Dispose();
            }
        }
    }

    private static List<int> Pending(LdpcBobSession?[] sessions) =>
        Enumerable.Range(0, sessions.Length).Where(f => !sessions[f]!.Succeeded && sessions[f]!.CanRequestMore).ToList();

    private static async Task<LdpcResponse> AskAsync(PeerConnection connection, LdpcRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Envelope reply = await connection.RequestAsync(new Envelope { LdpcRequest = request }, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.BodyCase != Envelope.BodyOneofCase.LdpcResponse || reply.LdpcResponse.Block != request.Block)
        {
            throw WireFormat.Malformed($"expected LDPC bits for block {request.Block}, got {reply.BodyCase}");
        }

        return reply.LdpcResponse;
    }

    /// <summary>Hands each listed frame its slice of the response (counts per frame, bits from a fresh word each).</summary>
    private static void Apply(LdpcResponse response, List<int> frames, Func<int, ReadOnlySpan<ulong>, int, bool> use)
    {
        if (response.Counts.Count != frames.Count)
        {
            throw WireFormat.Malformed($"LDPC response for {response.Counts.Count} frames, {frames.Count} asked");
        }

        ulong[] bits = [.. response.Bits];
        int word = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            int count = (int)Math.Min(response.Counts[i], int.MaxValue);
            int words = BitVector.WordCount(count);
            if (words > bits.Length - word)
            {
                throw WireFormat.Malformed("LDPC response shorter than its counts");
            }

            use(frames[i], bits.AsSpan(word, words), count);
            word += words;
        }

        if (word != bits.Length)
        {
            throw WireFormat.Malformed("LDPC response longer than its counts");
        }
    }
}
