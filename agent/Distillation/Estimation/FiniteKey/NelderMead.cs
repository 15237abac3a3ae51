namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// The Nelder–Mead downhill simplex (Nelder &amp; Mead, Computer Journal 7, 308 (1965)) with the standard coefficients
/// reflection 1, expansion 2, contraction 1/2, shrink 1/2, as in Lagarias et al., SIAM J. Optim. 9, 112 (1998).
/// Deterministic; derivative-free, so it copes with the kinks of the clipped bounds. Small dimensions only.
/// </summary>
internal static class NelderMead
{
    public const int MaxDimension = 8;

    /// <summary>
    /// Minimises <paramref name="objective"/> from <paramref name="x"/> (overwritten with the best point found), with an
    /// initial simplex of edge <paramref name="step"/> along each axis; returns the best value.
    /// </summary>
    public static double Minimise<T>(ref T objective, Span<double> x, double step, int maxEvaluations, double tolerance)
        where T : struct, IObjective
    {
        int d = x.Length;
        if (d is 0 or > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(x), d, "Dimension out of range.");
        }

        int stride = d;
        Span<double> simplex = stackalloc double[(MaxDimension + 1) * MaxDimension];
        Span<double> values = stackalloc double[MaxDimension + 1];
        Span<double> centroid = stackalloc double[MaxDimension];
        Span<double> reflected = stackalloc double[MaxDimension];
        Span<double> trial = stackalloc double[MaxDimension];
        centroid = centroid[..d];
        reflected = reflected[..d];
        trial = trial[..d];

        for (int i = 0; i <= d; i++)
        {
            Span<double> vertex = simplex.Slice(i * stride, d);
            x.CopyTo(vertex);
            if (i > 0)
            {
                vertex[i - 1] += step;
            }

            values[i] = objective.Evaluate(vertex);
        }

        int evaluations = d + 1;
        while (evaluations < maxEvaluations)
        {
            // Order: best, second-worst and worst vertex.
            int best = 0;
            int worst = 0;
            for (int i = 1; i <= d; i++)
            {
                if (values[i] < values[best])
                {
                    best = i;
                }

                if (values[i] > values[worst])
                {
                    worst = i;
                }
            }

            int secondWorst = best;
            for (int i = 0; i <= d; i++)
            {
                if (i != worst && values[i] > values[secondWorst])
                {
                    secondWorst = i;
                }
            }

            if (Converged(simplex, values, d, best, worst, tolerance))
            {
                break;
            }

            centroid.Clear();
            for (int i = 0; i <= d; i++)
            {
                if (i != worst)
                {
                    Span<double> vertex = simplex.Slice(i * stride, d);
                    for (int j = 0; j < d; j++)
                    {
                        centroid[j] += vertex[j] / d;
                    }
                }
            }

            Span<double> worstVertex = simplex.Slice(worst * stride, d);
            Along(centroid, worstVertex, -1.0, reflected);
            double fReflected = objective.Evaluate(reflected);
            evaluations++;

            if (fReflected < values[best])
            {
                Along(centroid, worstVertex, -2.0, trial);
                double fExpanded = objective.Evaluate(trial);
                evaluations++;
                if (fExpanded < fReflected)
                {
                    trial.CopyTo(worstVertex);
                    values[worst] = fExpanded;
                }
                else
                {
                    reflected.CopyTo(worstVertex);
                    values[worst] = fReflected;
                }

                continue;
            }

            if (fReflected < values[secondWorst])
            {
                reflected.CopyTo(worstVertex);
                values[worst] = fReflected;
                continue;
            }

            // Contract outside (towards the reflected point) or inside (towards the worst vertex).
            bool outside = fReflected < values[worst];
            Along(centroid, worstVertex, outside ? -0.5 : 0.5, trial);
            double fContracted = objective.Evaluate(trial);
            evaluations++;
            if (fContracted < (outside ? fReflected : values[worst]))
            {
                trial.CopyTo(worstVertex);
                values[worst] = fContracted;
                continue;
            }

            // Shrink every vertex halfway towards the best.
            Span<double> bestVertex = simplex.Slice(best * stride, d);
            for (int i = 0; i <= d; i++)
            {
                if (i == best)
                {
                    continue;
                }

                Span<double> vertex = simplex.Slice(i * stride, d);
                for (int j = 0; j < d; j++)
                {
                    vertex[j] = bestVertex[j] + (0.5 * (vertex[j] - bestVertex[j]));
                }

                values[i] = objective.Evaluate(vertex);
                evaluations++;
            }
        }

        int bestIndex = 0;
        for (int i = 1; i <= d; i++)
        {
            if (values[i] < values[bestIndex])
            {
                bestIndex = i;
            }
        }

        simplex.Slice(bestIndex * stride, d).CopyTo(x);
        return values[bestIndex];
    }

    // point = centroid + t (worst − centroid): t = −1 reflects, −2 expands, −1/2 and +1/2 contract.
    private static void Along(ReadOnlySpan<double> centroid, ReadOnlySpan<double> worst, double t, Span<double> point)
    {
        for (int j = 0; j < centroid.Length; j++)
        {
            point[j] = centroid[j] + (t * (worst[j] - centroid[j]));
        }
    }

    private static bool Converged(ReadOnlySpan<double> simplex, ReadOnlySpan<double> values, int d, int best, int worst, double tolerance)
    {
        double spread = Math.Abs(values[worst] - values[best]);
        if (!(spread <= tolerance * (Math.Abs(values[best]) + 1e-300)))
        {
            return false;
        }

        ReadOnlySpan<double> bestVertex = simplex.Slice(best * d, d);
        for (int i = 0; i <= d; i++)
        {
            ReadOnlySpan<double> vertex = simplex.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                if (Math.Abs(vertex[j] - bestVertex[j]) > 1e-6)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
