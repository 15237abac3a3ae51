namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The project's mother codes: n = 256·256 = 65 536 bits, design rates 0.50 to 0.85, read from the committed tables
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
    public const int LiftingSize = 256;

    /// <summary>Base columns of every code in the family.</summary>
    public const int BaseColumns = 256;

    private static readonly Lazy<QcLdpcCode[]> s_codes = new(LoadCodes);

    /// <summary>
    /// The recipes, highest rate first; index i is code i. Degree distributions λ(x) from Table I of Elkouss,
    /// Leverrier, Alléaume &amp; Boutros, "Efficient reconciliation protocol for discrete-variable quantum key
    /// distribution", ISIT 2009 (arXiv:0901.2140), optimised for the BSC by discretised density evolution (their
    /// thresholds: 0.0199 at rate 0.85 … 0.1071 at 0.50). Rate 0.50 keeps the ten heaviest of its twenty terms (renormalised).
    /// </summary>
    public static IReadOnlyList<LdpcCodeProfile> Profiles { get; } =
    [
        Profile("R0.85", 0.85, [(2, 0.04528), (3, 0.20537), (4, 0.05878), (5, 0.094274), (6, 0.08454), (7, 0.01176), (9, 0.05137), (21, 0.50015)]),
        Profile("R0.80", 0.80, [(2, 0.09420), (3, 0.18088), (6, 0.11972), (7, 0.08550), (8, 0.09816), (17, 0.07194), (26, 0.34960)]),
        Profile("R0.75", 0.75, [(2, 0.10805), (3, 0.09511), (4, 0.01449), (5, 0.13764), (6, 0.10667), (7, 0.05288), (28, 0.01107), (31, 0.47408)]),
        Profile("R0.70", 0.70, [(2, 0.05343), (3, 0.29406), (6, 0.00896), (9, 0.15571), (12, 0.12189), (25, 0.19872), (46, 0.09572), (62, 0.02741), (65, 0.04056), (73, 0.00354)]),
        Profile("R0.65", 0.65, [(2, 0.10451), (3, 0.15652), (4, 0.08057), (5, 0.00056), (9, 0.12151), (13, 0.10485), (15, 0.10719), (21, 0.00771), (51, 0.31656)]),
        Profile("R0.60", 0.60, [(2, 0.11040), (3, 0.20804), (8, 0.14163), (9, 0.14858), (26, 0.14438), (27, 0.08909), (46, 0.00748), (71, 0.15038)]),
        Profile("R0.55", 0.55, [(2, 0.16880), (3, 0.20994), (6, 0.18095), (15, 0.03846), (16, 0.02635), (18, 0.23454), (19, 0.05815), (31, 0.08280)]),
        Profile("R0.50", 0.50, [(2, 0.14438), (3, 0.19026), (6, 0.04697), (8, 0.053943), (9, 0.05590), (14, 0.06159), (15, 0.13115), (57, 0.11178), (58, 0.06238), (59, 0.05094)]),
    ];

    /// <summary>The codes, highest rate first (same order as <see cref="Profiles"/>).</summary>
    public static IReadOnlyList<QcLdpcCode> Codes => s_codes.Value;

    private static LdpcCodeProfile Profile(string name, double rate, (int Degree, double Lambda)[] lambda) =>
        new($"{name}-Z{LiftingSize}", (int)Math.Round((1 - rate) * BaseColumns), BaseColumns, LiftingSize, lambda,
            Seed: (ulong)Math.Round(rate * 100));

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
