using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Builds a QC-LDPC code from a <see cref="LdpcCodeProfile"/>: a protograph (base matrix) with the profile's column
/// degrees and balanced row degrees, then a girth-aware choice of circulant shifts. Deterministic in the profile, so
/// the committed tables (<see cref="LdpcCodeTables"/>) can be regenerated and checked.
/// </summary>
/// <remarks>
/// Shift choice (in the spirit of progressive edge growth, Hu, Eleftheriou &amp; Arnold, IEEE Trans. IT 51(1), 2005,
/// applied to the lifted graph as in Fossorier's QC conditions, IEEE Trans. IT 50(8), 2004): edges are placed one at
/// a time; a candidate shift is rejected if it closes a 4-cycle (s_ij − s_ik + s_lk − s_lj ≡ 0 mod Z), and among the
/// rest the first that closes no 6-cycle is taken, else the one closing the fewest.
/// </remarks>
public static class LdpcCodeBuilder
{
    private const int CandidatesPerEdge = 48;

    /// <summary>Builds the code of <paramref name="profile"/>.</summary>
    public static QcLdpcCode Build(LdpcCodeProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        int mb = profile.BaseRows;
        int nb = profile.BaseColumns;
        int z = profile.LiftingSize;
        if (mb < 3 || mb >= nb)
        {
            throw new ArgumentException("The base matrix needs 3 <= rows < columns.", nameof(profile));
        }

        var random = new DeterministicRandom(profile.Seed);
        bool[,] present = PlaceEdges(profile, ref random);
        int[,] shift = new int[mb, nb];
        for (int i = 0; i < mb; i++)
        {
            for (int j = 0; j < nb; j++)
            {
                shift[i, j] = -1;
            }
        }

        var rowsOf = new List<int>[nb];
        var columnsOf = new List<int>[mb];
        for (int j = 0; j < nb; j++)
        {
            rowsOf[j] = [];
        }

        for (int i = 0; i < mb; i++)
        {
            columnsOf[i] = [];
        }

        for (int j = 0; j < nb; j++)
        {
            for (int i = 0; i < mb; i++)
            {
                if (!present[i, j])
                {
                    continue;
                }

                shift[i, j] = ChooseShift(i, j, z, shift, rowsOf, columnsOf, ref random);
                rowsOf[j].Add(i);
                columnsOf[i].Add(j);
            }
        }

        var table = new List<short>();
        for (int i = 0; i < mb; i++)
        {
            table.Add((short)columnsOf[i].Count);
            foreach (int j in columnsOf[i].Order())
            {
                table.Add((short)j);
                table.Add((short)shift[i, j]);
            }
        }

        return QcLdpcCode.FromTable(profile.Name, z, nb, [.. table]);
    }

    private static bool[,] PlaceEdges(LdpcCodeProfile profile, ref DeterministicRandom random)
    {
        int mb = profile.BaseRows;
        int nb = profile.BaseColumns;
        int information = nb - mb;
        int[] degrees = profile.ColumnDegrees();
        var present = new bool[mb, nb];
        var rowDegree = new int[mb];

        // Parity part: one degree-3 column, then a staircase of degree-2 columns (a chain, hence a forest when lifted).
        foreach (int i in (int[])[0, mb / 2, mb - 1])
        {
            present[i, information] = true;
            rowDegree[i]++;
        }

        for (int t = 1; t < mb; t++)
        {
            present[t - 1, information + t] = true;
            present[t, information + t] = true;
            rowDegree[t - 1]++;
            rowDegree[t]++;
        }

        // Information columns, highest degree first, each on the currently lightest rows (random tie-break): row
        // degrees end up within one of each other, the concentrated check degrees the optimised ensembles have.
        var tieBreak = new ulong[mb];
        var order = new int[mb];
        for (int j = 0; j < information; j++)
        {
            for (int i = 0; i < mb; i++)
            {
                tieBreak[i] = random.NextUInt64();
                order[i] = i;
            }

            Array.Sort(order, (a, b) => rowDegree[a] != rowDegree[b]
                ? rowDegree[a].CompareTo(rowDegree[b])
                : tieBreak[a].CompareTo(tieBreak[b]));
            for (int k = 0; k < degrees[j]; k++)
            {
                present[order[k], j] = true;
                rowDegree[order[k]]++;
            }
        }

        return present;
    }

    private static int ChooseShift(
        int i, int j, int z, int[,] shift, List<int>[] rowsOf, List<int>[] columnsOf, ref DeterministicRandom random)
    {
        int best = -1;
        int bestSixCycles = int.MaxValue;
        for (int attempt = 0; attempt < CandidatesPerEdge; attempt++)
        {
            int s = random.NextInt(z);
            if (ClosesFourCycle(i, j, s, z, shift, rowsOf, columnsOf))
            {
                continue;
            }

            int sixCycles = CountSixCycles(i, j, s, z, shift, rowsOf, columnsOf);
            if (sixCycles < bestSixCycles)
            {
                best = s;
                bestSixCycles = sixCycles;
                if (sixCycles == 0)
                {
                    break;
                }
            }
        }

        if (best < 0)
        {
            throw new InvalidOperationException($"No 4-cycle-free shift found for base entry ({i}, {j}); raise Z.");
        }

        return best;
    }

    private static bool ClosesFourCycle(int i, int j, int s, int z, int[,] shift, List<int>[] rowsOf, List<int>[] columnsOf)
    {
        foreach (int l in rowsOf[j])
        {
            foreach (int k in columnsOf[i])
            {
                if (shift[l, k] >= 0 && Mod(s - shift[i, k] + shift[l, k] - shift[l, j], z) == 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>6-cycles (i,j)-(l,j)-(l,k)-(t,k)-(t,c)-(i,c) closed by shift s at (i, j).</summary>
    private static int CountSixCycles(int i, int j, int s, int z, int[,] shift, List<int>[] rowsOf, List<int>[] columnsOf)
    {
        int count = 0;
        foreach (int l in rowsOf[j])
        {
            foreach (int k in columnsOf[l])
            {
                if (k == j)
                {
                    continue;
                }

                foreach (int t in rowsOf[k])
                {
                    if (t == l || t == i)
                    {
                        continue;
                    }

                    foreach (int c in columnsOf[t])
                    {
                        if (c == k || c == j || shift[i, c] < 0)
                        {
                            continue;
                        }

                        int sum = s - shift[l, j] + shift[l, k] - shift[t, k] + shift[t, c] - shift[i, c];
                        count += Mod(sum, z) == 0 ? 1 : 0;
                    }
                }
            }
        }

        return count;
    }

    private static int Mod(int value, int z) => ((value % z) + z) % z;
}
