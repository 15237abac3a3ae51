namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The recipe of one mother code: base-matrix size, lifting, and the variable-node degree distribution from which
/// <see cref="LdpcCodeBuilder"/> derives the protograph and the circulant shifts deterministically.
/// </summary>
/// <param name="Name">Public name.</param>
/// <param name="BaseRows">Base rows mb (checks = mb·Z).</param>
/// <param name="BaseColumns">Base columns nb (frame = nb·Z).</param>
/// <param name="LiftingSize">Circulant size Z.</param>
/// <param name="EdgeDistribution">
/// λ: pairs (degree i, fraction λ_i of edges on variable nodes of degree i), as published for the BSC.
/// </param>
/// <param name="Seed">Public seed of the row placement and shift search.</param>
public sealed record LdpcCodeProfile(
    string Name, int BaseRows, int BaseColumns, int LiftingSize, IReadOnlyList<(int Degree, double Lambda)> EdgeDistribution, ulong Seed)
{
    /// <summary>
    /// Degree of every base column, highest first: node fractions λ_i/i / Σ λ_j/j (edge to node perspective,
    /// Richardson &amp; Urbanke, Modern Coding Theory, §3.3) times nb, rounded by largest remainder so they sum to
    /// nb; degrees above mb are capped at mb (a base column meets each row at most once).
    /// </summary>
    public int[] ColumnDegrees()
    {
        double total = 0;
        foreach ((int degree, double lambda) in EdgeDistribution)
        {
            total += lambda / degree;
        }

        int count = EdgeDistribution.Count;
        var columns = new int[count];
        var remainders = new double[count];
        int assigned = 0;
        for (int k = 0; k < count; k++)
        {
            double exact = BaseColumns * (EdgeDistribution[k].Lambda / EdgeDistribution[k].Degree) / total;
            columns[k] = (int)Math.Floor(exact);
            remainders[k] = exact - columns[k];
            assigned += columns[k];
        }

        int[] byRemainder = [.. Enumerable.Range(0, count).OrderByDescending(k => remainders[k]).ThenBy(k => k)];
        for (int r = 0; assigned < BaseColumns; r++, assigned++)
        {
            columns[byRemainder[r % count]]++;
        }

        var degrees = new List<int>(BaseColumns);
        for (int k = 0; k < count; k++)
        {
            degrees.AddRange(Enumerable.Repeat(Math.Min(EdgeDistribution[k].Degree, BaseRows), columns[k]));
        }

        degrees.Sort((a, b) => b.CompareTo(a));
        return [.. degrees];
    }
}
