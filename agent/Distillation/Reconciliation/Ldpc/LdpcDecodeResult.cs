namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>Outcome of one syndrome decoding.</summary>
/// <param name="Converged">
/// True if the hard decisions satisfy every parity check of the target syndrome. It does not prove the frame equals
/// Alice's (a different word with the same syndrome passes too), which is why verification hashing follows.
/// </param>
/// <param name="Iterations">Full iterations (every layer once) run.</param>
public readonly record struct LdpcDecodeResult(bool Converged, int Iterations);
