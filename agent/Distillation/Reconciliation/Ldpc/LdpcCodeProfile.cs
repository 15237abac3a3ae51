namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The recipe of one mother code: base-matrix size, lifting and column degrees, from which
/// <see cref="LdpcCodeBuilder"/> derives the protograph and the circulant shifts deterministically.
/// </summary>
/// <remarks>
/// Column degrees: a staircase of mb − 1 degree-2 columns and one degree-3 column (the parity part of IEEE 802.11n
/// style codes; degree-2 nodes close no cycle among themselves), then information columns of degree
/// <see cref="HighDegree"/>, <see cref="MiddleDegree"/> and 3. This is the shape of the BSC-optimised ensembles of
/// Elkouss, Leverrier, Alléaume &amp; Boutros (ISIT 2009, Table I: λ₂ ≈ 0.05–0.17, much of λ on degree 3 and on
/// one high degree), with the highest degrees and check degrees reduced because this project decodes with min-sum:
/// the published λ themselves, built here, decoded well with belief propagation but failed with min-sum already at
/// f ≈ 1.4 (docs/reconciliation.md).
/// </remarks>
/// <param name="Name">Public name.</param>
/// <param name="BaseRows">Base rows mb (checks = mb·Z).</param>
/// <param name="BaseColumns">Base columns nb (frame = nb·Z).</param>
/// <param name="LiftingSize">Circulant size Z.</param>
/// <param name="HighDegree">Degree of the first information columns (capped at mb).</param>
/// <param name="HighColumns">How many information columns have <paramref name="HighDegree"/>.</param>
/// <param name="MiddleDegree">Degree of the next information columns.</param>
/// <param name="MiddleColumns">How many information columns have <paramref name="MiddleDegree"/>; the rest have 3.</param>
/// <param name="Seed">Public seed of the row placement and shift search.</param>
public sealed record LdpcCodeProfile(
    string Name, int BaseRows, int BaseColumns, int LiftingSize, int HighDegree, int HighColumns, int MiddleDegree, int MiddleColumns, ulong Seed)
{
    /// <summary>Degree of every base column: information columns first, then the degree-3 column and the staircase.</summary>
    public int[] ColumnDegrees()
    {
        int information = BaseColumns - BaseRows;
        var degrees = new int[BaseColumns];
        for (int j = 0; j < information; j++)
        {
            degrees[j] = j < HighColumns ? Math.Min(HighDegree, BaseRows) : j < HighColumns + MiddleColumns ? MiddleDegree : 3;
        }

        degrees[information] = 3;
        for (int j = information + 1; j < BaseColumns; j++)
        {
            degrees[j] = 2;
        }

        return degrees;
    }
}
