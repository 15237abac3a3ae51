using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Reconciliation.Ldpc;

namespace NodeAgent.Distillation.Tests.Ldpc;

/// <summary>Structure of the committed mother codes: reproducible tables, degrees, girth, syndrome.</summary>
public class QcLdpcCodeTests
{
    public static TheoryData<int> CodeIndices() => [.. Enumerable.Range(0, LdpcCodeFamily.Profiles.Count)];

    [Theory]
    [MemberData(nameof(CodeIndices))]
    public void Committed_table_equals_what_the_builder_produces(int index)
    {
        QcLdpcCode rebuilt = LdpcCodeBuilder.Build(LdpcCodeFamily.Profiles[index]);
        Assert.Equal(rebuilt.ToTable(), LdpcCodeFamily.Codes[index].ToTable());
    }

    [Theory]
    [MemberData(nameof(CodeIndices))]
    public void Column_degrees_follow_the_profile_and_row_degrees_are_concentrated(int index)
    {
        QcLdpcCode code = LdpcCodeFamily.Codes[index];
        int[] expected = LdpcCodeFamily.Profiles[index].ColumnDegrees();
        for (int j = 0; j < code.BaseColumns; j++)
        {
            Assert.Equal(expected[j], code.ColumnDegree(j));
        }

        int[] rows = [.. Enumerable.Range(0, code.BaseRows).Select(code.RowDegree)];
        Assert.True(rows.Max() - rows.Min() <= 2, $"row degrees {rows.Min()}..{rows.Max()}");
        Assert.Equal(65_536, code.Length);
        Assert.Equal(0, code.LiftingSize % 64);
    }

    [Theory]
    [MemberData(nameof(CodeIndices))]
    public void Lifted_graph_has_no_four_cycles(int index)
    {
        // A 4-cycle through base rows i, l and columns j, k closes when s_ij − s_ik + s_lk − s_lj ≡ 0 (mod Z).
        QcLdpcCode code = LdpcCodeFamily.Codes[index];
        int z = code.LiftingSize;
        for (int i = 0; i < code.BaseRows; i++)
        {
            for (int l = i + 1; l < code.BaseRows; l++)
            {
                var shared = Enumerable.Range(0, code.BaseColumns).Where(j => code.Shift(i, j) >= 0 && code.Shift(l, j) >= 0).ToArray();
                for (int a = 0; a < shared.Length; a++)
                {
                    for (int b = a + 1; b < shared.Length; b++)
                    {
                        int sum = code.Shift(i, shared[a]) - code.Shift(i, shared[b]) + code.Shift(l, shared[b]) - code.Shift(l, shared[a]);
                        Assert.NotEqual(0, ((sum % z) + z) % z);
                    }
                }
            }
        }
    }

    [Fact]
    public void Syndrome_matches_a_bit_by_bit_count_and_is_linear()
    {
        QcLdpcCode code = LdpcDecoderTests.SmallCode;
        var random = new DeterministicRandom(9);
        var x = new ulong[code.Length / 64];
        var y = new ulong[x.Length];
        for (int w = 0; w < x.Length; w++)
        {
            x[w] = random.NextUInt64();
            y[w] = random.NextUInt64();
        }

        var sx = new ulong[code.CheckCount / 64];
        var sy = new ulong[sx.Length];
        var sxy = new ulong[sx.Length];
        code.ComputeSyndrome(x, sx);
        code.ComputeSyndrome(y, sy);
        code.ComputeSyndrome([.. x.Zip(y, (a, b) => a ^ b)], sxy);
        Assert.Equal([.. sx.Zip(sy, (a, b) => a ^ b)], sxy);

        int z = code.LiftingSize;
        for (int i = 0; i < code.BaseRows; i++)
        {
            for (int r = 0; r < z; r++)
            {
                int parity = 0;
                for (int j = 0; j < code.BaseColumns; j++)
                {
                    int s = code.Shift(i, j);
                    if (s >= 0)
                    {
                        int v = (j * z) + ((r + s) % z);
                        parity ^= (int)((x[v >> 6] >> (v & 63)) & 1);
                    }
                }

                int c = (i * z) + r;
                Assert.Equal(parity, (int)((sx[c >> 6] >> (c & 63)) & 1));
            }
        }
    }

    [Fact]
    public void Table_round_trips_and_malformed_tables_are_rejected()
    {
        QcLdpcCode code = LdpcCodeFamily.Codes[0];
        QcLdpcCode copy = QcLdpcCode.FromTable("copy", code.LiftingSize, code.BaseColumns, code.ToTable());
        Assert.Equal(code.ToTable(), copy.ToTable());
        Assert.Throws<ArgumentException>(() => QcLdpcCode.FromTable("x", 100, 4, [1, 0, 0]));
        Assert.Throws<ArgumentException>(() => QcLdpcCode.FromTable("x", 64, 4, [2, 0, 0]));
        Assert.Throws<ArgumentException>(() => QcLdpcCode.FromTable("x", 64, 4, [1, 4, 0]));
        Assert.Throws<ArgumentException>(() => QcLdpcCode.FromTable("x", 64, 4, [1, 0, 64]));
        Assert.Throws<ArgumentException>(() => QcLdpcCode.FromTable("x", 64, 4, [2, 1, 0, 1, 5]));
        Assert.Throws<ArgumentException>(() => QcLdpcCode.FromTable("x", 64, 4, []));
    }
}
