using System.Diagnostics;
using System.Globalization;
using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Reconciliation.Ldpc;

namespace NodeAgent.Benchmarks.Ldpc;

/// <summary>
/// <c>ldpc sweep [--frames N] [--qber 0.02,0.03,...] [--seed S]</c>: efficiency and frame error rate of blind LDPC
/// reconciliation (<see cref="LdpcSimulation"/>) on a binary symmetric channel, one full frame per run, the QBER
/// estimate equal to the channel's. <c>ldpc tables PATH</c>: rewrites the committed code tables from the profiles.
/// </summary>
internal static class LdpcCommand
{
    public static int Run(string[] args)
    {
        if (args.Length >= 2 && args[0] == "tables")
        {
            var codes = LdpcCodeFamily.Profiles.Select(LdpcCodeBuilder.Build).ToList();
            File.WriteAllText(args[1], LdpcCodeTableSource.Format(codes));
            Console.WriteLine($"Wrote {codes.Count} codes to {args[1]}.");
            return 0;
        }

        if (args.Length >= 1 && args[0] == "sweep")
        {
            Sweep(args[1..]);
            return 0;
        }

        Console.Error.WriteLine("usage: ldpc sweep [--frames N] [--qber 0.02,0.03] [--seed S] | ldpc tables PATH");
        return 2;
    }

    private static void Sweep(string[] args)
    {
        int frames = 200;
        double[] qbers = [0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08];
        ulong seed = 1;
        LdpcOptions options = LdpcOptions.Default;
        for (int i = 0; i < args.Length; i += 2)
        {
            string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            switch (args[i])
            {
                case "--frames": frames = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--qber": qbers = [.. value.Split(',').Select(q => double.Parse(q, CultureInfo.InvariantCulture))]; break;
                case "--seed": seed = ulong.Parse(value, CultureInfo.InvariantCulture); break;
                case "--start": options = options with { StartEfficiency = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--step": options = options with { EfficiencyStep = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--final": options = options with { FinalEfficiency = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--iterations": options = options with { MaxIterations = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--retry": options = options with { RetryIterations = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--minsum": options = options with { CheckRule = CheckNodeRule.NormalizedMinSum }; i--; break;
                case "--magnitude": options = options with { ChannelMagnitude = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--shift": options = options with { NormalizationShift = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--delta": options = options with { AdaptationFraction = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        int bits = LdpcPlan.MaxPayloadBits(options);
        Console.WriteLine($"{frames} frames of {bits} key bits per QBER; {options}");
        Console.WriteLine("| QBER | code | f (mean) | f (p95) | FER | failed / frames | mean rounds | max rounds | mean iterations/round | Mbit/s |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var alice = new ulong[(bits + 63) / 64];
        var bob = new ulong[alice.Length];
        foreach (double qber in qbers)
        {
            var random = new DeterministicRandom(seed ^ (ulong)(qber * 1e6));
            var efficiencies = new List<double>(frames);
            long disclosed = 0;
            long failed = 0;
            long rounds = 0;
            int maxRounds = 0;
            long decodings = 0;
            long iterations = 0;
            var clock = new Stopwatch();
            for (int frame = 0; frame < frames; frame++)
            {
                for (int w = 0; w < alice.Length; w++)
                {
                    alice[w] = random.NextUInt64();
                    ulong flips = 0;
                    for (int b = 0; b < 64; b++)
                    {
                        flips |= random.NextDouble() < qber ? 1UL << b : 0;
                    }

                    bob[w] = alice[w] ^ flips;
                }

                clock.Start();
                LdpcSimulationResult result = LdpcSimulation.Reconcile(alice, bob, bits, qber, options, fillSeed: random.NextUInt64());
                clock.Stop();
                disclosed += result.DisclosedBits;
                failed += result.Success ? 0 : 1;
                rounds += result.Rounds;
                maxRounds = Math.Max(maxRounds, result.Rounds);
                decodings += result.Decodings;
                iterations += result.Iterations;
                efficiencies.Add(result.Efficiency);
            }

            efficiencies.Sort();
            double f = disclosed / ((double)bits * frames * BinaryEntropy.H(qber));
            double p95 = efficiencies[Math.Min(frames - 1, (int)(0.95 * frames))];
            string code = LdpcPlan.Create(qber, bits, options).Code.Name;
            double mbits = (double)bits * frames / clock.Elapsed.TotalSeconds / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {qber:P0} | {code} | {f:F3} | {p95:F3} | {(double)failed / frames:G3} | {failed} / {frames} | {(double)rounds / frames:F2} | {maxRounds} | {(double)iterations / decodings:F1} | {mbits:F1} |"));
        }
    }
}
