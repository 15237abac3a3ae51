using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation.Ldpc;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// Alice's side of blind LDPC for one block: one <see cref="LdpcAliceSession"/> per frame (its punctured bits filled
/// from the system's random generator), answering Bob's syndrome and reveal requests and counting what they disclose.
/// </summary>
internal sealed class LdpcResponder : IDisposable
{
    private readonly LdpcAliceSession[] _sessions;
    private bool _syndromesSent;

    public LdpcResponder(BitVector key, double qber)
    {
        LdpcPlan[] plans = LdpcFrames.Plans(key.Length, qber);
        _sessions = new LdpcAliceSession[plans.Length];
        for (int f = 0; f < plans.Length; f++)
        {
            using BitVector frame = key.Slice(f * LdpcFrames.FrameBits, plans[f].PayloadBits);
            _sessions[f] = LdpcAliceSession.Create(plans[f], frame.Words);
        }
    }

    /// <summary>Bits disclosed so far over all frames (syndrome − punctured + revealed, once the syndromes went out).</summary>
    public long DisclosedBits => _syndromesSent ? _sessions.Sum(s => s.DisclosedBits) : 0;

    /// <summary>Answers one request; a malformed one (checked whole first) discloses nothing.</summary>
    public LdpcResponse Answer(LdpcRequest request)
    {
        var response = new LdpcResponse { Block = request.Block };
        if (request.Syndromes)
        {
            if (_syndromesSent || request.Frames.Count != 0)
            {
                throw WireFormat.Malformed("LDPC syndromes asked twice, or with frames listed");
            }

            _syndromesSent = true;
            foreach (LdpcAliceSession session in _sessions)
            {
                response.Counts.Add((uint)session.Plan.Code.CheckCount);
                WireFormat.AddWords(response.Bits, session.Syndrome);
            }

            return response;
        }

        uint previous = 0;
        for (int i = 0; i < request.Frames.Count; i++)
        {
            uint frame = request.Frames[i];
            if (!_syndromesSent || (i > 0 && frame <= previous) || frame >= (uint)_sessions.Length || !_sessions[frame].CanReveal)
            {
                throw WireFormat.Malformed($"LDPC reveal for frame {frame}: not ascending, out of range, before the syndromes or nothing left");
            }

            previous = frame;
        }

        Span<ulong> revealed = stackalloc ulong[BitVector.WordCount(_sessions.Max(s => s.Plan.RevealStep))];
        foreach (uint frame in request.Frames)
        {
            int count = _sessions[frame].RevealNext(revealed);
            response.Counts.Add((uint)count);
            WireFormat.AddWords(response.Bits, revealed[..BitVector.WordCount(count)]);
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(revealed));
        return response;
    }

    public void Dispose()
    {
        foreach (LdpcAliceSession session in _sessions)
        {
            session.Dispose();
        }
    }
}
