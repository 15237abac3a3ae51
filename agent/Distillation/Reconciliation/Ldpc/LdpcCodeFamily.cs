namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The project's mother codes: n = 128·512 = 65 536 bits, design rates 0.40 to 0.85, read from the committed tables
/// (<see cref="LdpcCodeTables"/>), which <see cref="LdpcCodeBuilder"/> regenerates from <see cref="Profiles"/>.
/// </summary>
/// <remarks>
/// Rates for QBER 2–8 %: 1 − f·h(q) at f ≈ 1.05 runs from 0.85 (2 %) to 0.58 (8 %); with up to 10 % of a frame
/// punctured or shortened each code stretches over about ±0.05 of rate, so steps of 0.05 leave no gap.
/// Thread-safe.
/// </remarks>
public static class LdpcCodeFamily
{
    /// <summary>Circulant size Z of every code in the family.</summary>
    public const int LiftingSize = 512;

    /// <summary>Base columns of every code in the family.</summary>
    public const int BaseColumns = 128;

    private static readonly Lazy<QcLdpcCode[]> s_codes = new(LoadCodes);

    /// <summary>
    /// The recipes, highest rate first; index i is code i. Shape and its source: <see cref="LdpcCodeProfile"/>.
    /// About 5 % of the columns get the high degree and 16 % degree 6, the mix that decoded best with min-sum among
    /// those tried on the rate-0.75 code (docs/reconciliation.md).
    /// </summary>
    public static IReadOnlyList<LdpcCodeProfile> Profiles { get; } =
    [
        Profile("R0.85", 0.85),
        Profile("R0.80", 0.80),
        Profile("R0.75", 0.75),
        Profile("R0.70", 0.70),
        Profile("R0.65", 0.65),
        Profile("R0.60", 0.60),
        Profile("R0.55", 0.55),
        Profile("R0.50", 0.50),
        Profile("R0.45", 0.45),
        Profile("R0.40", 0.40),
    ];

    /// <summary>The codes, highest rate first (same order as <see cref="Profiles"/>).</summary>
    public static IReadOnlyList<QcLdpcCode> Codes => s_codes.Value;

    private static LdpcCodeProfile Profile(string name, double rate)
    {
        int baseRows = (int)Math.Round((1 - rate) * BaseColumns);
        return new($"{name}-Z{LiftingSize}", baseRows, BaseColumns, LiftingSize,
            HighDegree: 24, HighColumns: BaseColumns * 6 / 128, MiddleDegree: 6, MiddleColumns: BaseColumns * 20 / 128,
            Seed: (ulong)Math.Round(rate * 100));
    }

    private static QcLdpcCode[] LoadCodes()
    {
        var codes = new QcLdpcCode[Profiles.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = QcLdpcCode.FromTable(Profiles[i].Name, LiftingSize, BaseColumns, LdpcCodeTables.Table(i));
        }

        return codes;
    }
}
