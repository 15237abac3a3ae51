using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Benchmarks.Reconciliation;

/// <summary>
/// The reconciliation-efficiency sweep: for each method, block size and QBER, reconciles many independent key pairs
/// through a binary symmetric channel and reports the efficiency f = disclosed / (n·h(QBER)), the frame error rate
/// (frames whose keys still differ, or that the method gave up on) and the round trips.
/// </summary>
/// <remarks>
/// <c>reconciliation-sweep [--methods cascade,cascade-thrifty,cascade-backlog-80,ldpc] [--sizes 10000,1000000] [--qbers 0.005,0.01,…] [--frames N]
/// [--write]</c>; <c>--frames</c> is for blocks of 10^6 bits and up, smaller blocks get up to ten times as many. With <c>--write</c> the table replaces the marked section of docs/performance.md and the plot is
/// written to docs/reconciliation-efficiency.svg. Frames run on every core; the time per frame is one core's.
/// </remarks>
internal static class ReconciliationSweep
{
    private const string BeginMarker = "<!-- reconciliation-sweep:begin -->";
    private const string EndMarker = "<!-- reconciliation-sweep:end -->";

    public static int Run(string[] args)
    {
        string[] methods = CommandLine.Option(args, "--methods", "cascade,ldpc").Split(',');
        int[] sizes = CommandLine.Option(args, "--sizes", "10000,100000,1000000").Split(',').Select(int.Parse).ToArray();
        double[] qbers = CommandLine.Option(args, "--qbers", "0.005,0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1,0.11")
            .Split(',').Select(q => double.Parse(q, CultureInfo.InvariantCulture)).ToArray();
        int frames = int.Parse(CommandLine.Option(args, "--frames", "100"), CultureInfo.InvariantCulture);
        bool write = args.Contains("--write");

        var rows = new List<SweepRow>();
        foreach (string name in methods)
        {
            IReconciliationMethod method = name switch
            {
                "cascade" => new CascadeMethod("Cascade", new CascadeOptions()),
                "cascade-thrifty" => new CascadeMethod("Cascade, fewest parities", new CascadeOptions { ConcurrentPasses = 2 }),
                "cascade-backlog-80" => new CascadeMethod("Cascade, backlog 80", new CascadeOptions { ConcurrentPasses = 2, NextPassBacklog = 80 }),
                "ldpc" => new LdpcMethod(),
                _ => throw new ArgumentException($"Unknown method '{name}' (cascade, cascade-thrifty, cascade-backlog-80, ldpc)."),
            };
            foreach (int n in sizes)
            {
                foreach (double qber in qbers)
                {
                    if (!method.Supports(n, qber))
                    {
                        continue;
                    }

                    // Smaller blocks are cheap: give them more frames (up to ten times as many) for a tighter FER bound.
                    int framesHere = (int)Math.Min(10L * frames, frames * Math.Max(1L, 1_000_000L / n));
                    SweepRow row = Measure(method, n, qber, framesHere);
                    rows.Add(row);
                    Console.WriteLine(row.ToMarkdown());
                }
            }
        }

        string table = Table(rows);
        Console.WriteLine();
        Console.WriteLine(table);
        if (write)
        {
            WriteDocs(table, rows);
        }

        return 0;
    }

    private static SweepRow Measure(IReconciliationMethod method, int n, double qber, int frames)
    {
        var outcomes = new ConcurrentBag<FrameOutcome>();
        method.Prepare(n, qber);
        Parallel.For(0, frames, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, frame =>
        {
            using var alice = new BitVector(n);
            using var bob = new BitVector(n);
            ulong seed = ((ulong)n * 1_000_003UL) ^ ((ulong)(qber * 1e6) << 32) ^ (ulong)frame;
            ChannelKeys.Fill(alice, bob, n, qber, seed);
            long start = Stopwatch.GetTimestamp();
            FrameOutcome outcome = method.Reconcile(alice, bob, n, qber, seed);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            bool equal = alice.ContentEquals(bob);
            outcomes.Add(outcome with { Success = outcome.Success && equal, Seconds = seconds });
        });

        double entropy = n * BinaryEntropy.H(qber);
        FrameOutcome[] all = outcomes.ToArray();
        FrameOutcome[] good = all.Where(o => o.Success).ToArray();
        double[] efficiencies = good.Select(o => o.Disclosed / entropy).Order().ToArray();
        return new SweepRow(
            method.Name, n, qber, all.Length, all.Length - good.Length,
            efficiencies.Length == 0 ? double.NaN : efficiencies.Average(),
            efficiencies.Length == 0 ? double.NaN : efficiencies[(int)Math.Min(efficiencies.Length - 1, Math.Ceiling(0.95 * efficiencies.Length) - 1)],
            all.Average(o => o.RoundTrips), all.Max(o => o.RoundTrips),
            all.Average(o => o.Seconds) * 1e3);
    }

    private static string Table(List<SweepRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| method | n | QBER | frames | f (mean) | f (95th pct.) | failed frames | round trips (mean / max) | ms per frame, one core |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (SweepRow row in rows)
        {
            text.AppendLine(row.ToMarkdown());
        }

        return text.ToString();
    }

    private static void WriteDocs(string table, List<SweepRow> rows)
    {
        string docs = FindDocs();
        string performance = Path.Combine(docs, "performance.md");
        string text = File.ReadAllText(performance);
        int begin = text.IndexOf(BeginMarker, StringComparison.Ordinal);
        int end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"docs/performance.md has no {BeginMarker} … {EndMarker} section.");
        }

        string stamp = string.Create(CultureInfo.InvariantCulture, $"Written by the sweep on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        File.WriteAllText(performance, text[..(begin + BeginMarker.Length)] + "\n" + stamp + "\n\n" + table + "\n" + text[end..]);

        var chart = new NodeAgent.Planner.SvgChart(
            "Reconciliation efficiency", "QBER (%)", "f = disclosed / (n·h(QBER))", logarithmicY: false, legendBelow: true);
        foreach (IGrouping<(string Method, int N), SweepRow> series in rows.GroupBy(r => (r.Method, r.N)))
        {
            chart.Add($"{series.Key.Method}, n = {series.Key.N:N0}",
                series.Where(r => double.IsFinite(r.MeanEfficiency)).Select(r => (r.Qber * 100, r.MeanEfficiency)).ToList(), markers: false);
        }

        File.WriteAllText(Path.Combine(docs, "reconciliation-efficiency.svg"), chart.Render());
        Console.WriteLine($"Wrote {performance} and reconciliation-efficiency.svg");
    }

    private static string FindDocs()
    {
        for (string? directory = Environment.CurrentDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "NodeAgent.sln")))
            {
                return Path.Combine(directory, "docs");
            }
        }

        throw new InvalidOperationException("Run the sweep from inside the repository (NodeAgent.sln not found above the current directory).");
    }

    private sealed record SweepRow(
        string Method, int N, double Qber, int Frames, int Failed, double MeanEfficiency, double Efficiency95,
        double MeanRoundTrips, int MaxRoundTrips, double MillisecondsPerFrame)
    {
        public string ToMarkdown() => string.Create(CultureInfo.InvariantCulture,
            $"| {Method} | {N:N0} | {Qber * 100:0.0#} % | {Frames} | {MeanEfficiency:F4} | {Efficiency95:F4} | {Failed} | {MeanRoundTrips:F1} / {MaxRoundTrips} | {MillisecondsPerFrame:F2} |");
    }
}
