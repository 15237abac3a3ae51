namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>The protocol parameters <see cref="KeyRatePlanner"/> found and the expected block they give.</summary>
/// <param name="Intensities">μ1, μ2 (μ3 as given) and their probabilities.</param>
/// <param name="KeyBasisProbability">q: the probability that Alice, and likewise Bob, chooses the key basis.</param>
/// <param name="Point">The expected block at these parameters.</param>
/// <param name="Evaluations">How many parameter sets were evaluated.</param>
public readonly record struct KeyRatePlan(Intensities Intensities, double KeyBasisProbability, KeyRatePoint Point, int Evaluations);
