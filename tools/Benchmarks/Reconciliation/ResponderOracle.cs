using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Benchmarks.Reconciliation;

/// <summary>Bob's questions answered straight from Alice's responder in the same process (no channel).</summary>
internal sealed class ResponderOracle(CascadeParityResponder responder) : IParityOracle
{
    public ValueTask AnswerAsync(ReadOnlyMemory<ParityQuery> queries, Memory<ulong> parities, CancellationToken cancellationToken)
    {
        responder.Answer(queries.Span, parities.Span);
        return ValueTask.CompletedTask;
    }
}
