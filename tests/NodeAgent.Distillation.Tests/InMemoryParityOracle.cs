using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Distillation.Tests;

/// <summary>Answers Bob's queries straight from Alice's responder, counting the calls.</summary>
internal sealed class InMemoryParityOracle(CascadeParityResponder responder) : IParityOracle
{
    public int Calls { get; private set; }

    public ValueTask AnswerAsync(ReadOnlyMemory<ParityQuery> queries, Memory<ulong> parities, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls++;
        responder.Answer(queries.Span, parities.Span);
        return ValueTask.CompletedTask;
    }
}
