namespace NodeAgent.Distillation.Reconciliation;

/// <summary>Outcome of one Cascade run on Bob's side.</summary>
/// <param name="CorrectedBits">Bits Bob flipped.</param>
/// <param name="DisclosedParities">Parities Alice disclosed (the leakage to subtract before privacy amplification).</param>
/// <param name="RoundTrips">Oracle calls made.</param>
/// <param name="Completed">
/// True if every pass ran to the end; false if the round limit stopped it. True does not prove the keys are equal:
/// an even number of errors left in every block goes unseen, which is why a verification hash follows.
/// </param>
public readonly record struct CascadeResult(int CorrectedBits, long DisclosedParities, int RoundTrips, bool Completed);
