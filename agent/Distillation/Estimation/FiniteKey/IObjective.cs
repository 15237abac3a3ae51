namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>A function to minimise over R^d, implemented by a struct so the optimiser's calls are direct.</summary>
internal interface IObjective
{
    double Evaluate(ReadOnlySpan<double> x);
}
