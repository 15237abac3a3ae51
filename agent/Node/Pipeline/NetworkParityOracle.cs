using NodeAgent.Distillation.Reconciliation;
using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>Bob's Cascade questions, sent to Alice over the peer channel (one round trip per batch).</summary>
internal sealed class NetworkParityOracle(PeerConnection connection, ulong block, TimeSpan timeout) : IParityOracle
{
    public async ValueTask AnswerAsync(ReadOnlyMemory<ParityQuery> queries, Memory<ulong> parities, CancellationToken cancellationToken)
    {
        var request = new ParityRequest { Block = block };
        WireFormat.AddQueries(request.Queries, queries.Span);
        Envelope reply = await connection.RequestAsync(new Envelope { ParityRequest = request }, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.BodyCase != Envelope.BodyOneofCase.ParityResponse || reply.ParityResponse.Block != block)
        {
            throw WireFormat.Malformed($"expected parities for block {block}, got {reply.BodyCase}");
        }

        WireFormat.CopyWords(reply.ParityResponse.Parities, queries.Length, parities.Span, "parities");
    }
}
