using System.Globalization;
using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Planner;

/// <summary>
/// What the planner is asked: the link (defaults: the agent's simulated link as configured in appsettings.json), the
/// protocol settings, the distances, and what to do with them.
/// </summary>
internal sealed class PlannerSettings
{
    public double FromKm { get; set; }

    public double ToKm { get; set; } = 150;

    public double StepKm { get; set; } = 10;

    /// <summary>Total channel loss in dB instead of a distance sweep (one point).</summary>
    public double? LossDb { get; set; }

    public double FibreLossDbPerKm { get; set; } = 0.2;

    public double ReceiverLossDb { get; set; } = 1.0;

    public double DetectorEfficiency { get; set; } = 0.2;

    public double DarkCountRateHz { get; set; } = 100;

    public double MisalignmentError { get; set; } = 0.015;

    public double AfterpulseProbability { get; set; }

    public double RepetitionRateHz { get; set; } = 50e6;

    /// <summary>Detections further than half this from the slot centre are dropped, so dark counts outside it never count.</summary>
    public double WindowPs { get; set; } = 2000;

    /// <summary>Detector dead time (non-paralysable), which thins every intensity's detections alike.</summary>
    public double DeadTimeNs { get; set; } = 100;

    public bool PassiveReceiver { get; set; } = true;

    public double Signal { get; set; } = 0.5;

    public double Decoy { get; set; } = 0.24;

    public double Vacuum { get; set; } = 0.0002;

    public double SignalProbability { get; set; } = 0.3;

    public double DecoyProbability { get; set; } = 0.5;

    public double VacuumProbability { get; set; } = 0.2;

    public double KeyBasisProbability { get; set; } = 0.75;

    public double BlockBits { get; set; } = 1 << 20;

    public double ErrorCorrectionEfficiency { get; set; } = 1.2;

    public FiniteKeyOptions FiniteKey { get; } = new();

    public bool Optimise { get; set; }

    /// <summary>Also run the agent on the simulated link at these distances and compare.</summary>
    public IReadOnlyList<double> CompareAtKm { get; set; } = [];

    public int CompareBlocks { get; set; } = 8;

    public string? SvgPath { get; set; }

    public Intensities Intensities => new(Signal, Decoy, Vacuum, SignalProbability, DecoyProbability, VacuumProbability);

    public ChannelModel Channel(double km)
    {
        double slotPs = 1e12 / RepetitionRateHz;
        var channel = new ChannelModel
        {
            FibreLossDbPerKm = FibreLossDbPerKm,
            LengthKm = km,
            ChannelLossDb = LossDb,
            ReceiverLossDb = ReceiverLossDb,
            DetectorEfficiency = DetectorEfficiency,
            DarkCountProbability = DarkCountRateHz * Math.Min(WindowPs, slotPs) * 1e-12,
            MisalignmentError = MisalignmentError,
            AfterpulseProbability = AfterpulseProbability,
            RepetitionRateHz = RepetitionRateHz,
            AliceKeyBasisProbability = KeyBasisProbability,
            BobKeyBasisProbability = KeyBasisProbability,
            PassiveBasisChoice = PassiveReceiver,
        };

        // Dead time: each of the four detectors clicks with probability r per slot and then misses τ − ½ slots on
        // average, so it registers r / (1 + r(τ − ½)); the same factor applies to photons and dark counts.
        double tau = DeadTimeNs * 1e3 / slotPs;
        if (tau < 1)
        {
            return channel;
        }

        double eta = channel.SystemTransmittance;
        double clicks = (SignalProbability * (1 - Math.Exp(-eta * Signal))) + (DecoyProbability * (1 - Math.Exp(-eta * Decoy))) + (VacuumProbability * (1 - Math.Exp(-eta * Vacuum)));
        double r = (clicks / 4) + (DarkCountRateHz * slotPs * 1e-12);
        double kept = 1 / (1 + (r * (tau - 0.5)));
        return channel with { DetectorEfficiency = DetectorEfficiency * kept, DarkCountProbability = channel.DarkCountProbability * kept };
    }

    public static string Usage => """
        nodeagent-planner: expected finite-key secret key rate over distance (the agent's own estimator).

          --from KM --to KM --step KM     distance sweep (default 0..150 step 10)
          --loss-db DB                    one point at this total channel loss instead
          --fibre-loss DB_PER_KM          0.2        --receiver-loss DB  1.0
          --efficiency ETA                0.2        --dark-rate HZ      100 (per detector)
          --misalignment E                0.015      --afterpulse P      0
          --rate HZ                       50e6       --active            active basis choice (default passive)
          --window-ps PS                  2000       --dead-time-ns NS   100
          --signal MU --decoy MU --vacuum MU          0.5 / 0.24 / 0.0002
          --p-signal P --p-decoy P --p-vacuum P       0.3 / 0.5 / 0.2
          --key-basis Q                   0.75 (both ends)
          --block N                       key-basis bits per block, 1048576
          --fec F                         reconciliation efficiency, 1.2
          --method TwoDecoy|OneDecoy      --eps-sec E 1e-9   --eps-cor E 1e-15   --max-qber Q 0.11
          --optimise                      optimise intensities, probabilities and basis choice at each distance
          --compare KM,KM,...             also run the agent on the simulated link there and compare
          --compare-blocks N              blocks per comparison point (8)
          --svg PATH                      write the curve as an SVG image
        """;

    /// <summary>Parses the command line; returns null and writes the problem when it cannot.</summary>
    public static PlannerSettings? Parse(string[] args, TextWriter error)
    {
        var s = new PlannerSettings();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v
                : throw new FormatException($"{name} needs a number");
            try
            {
                switch (name)
                {
                    case "--from": s.FromKm = Number(); break;
                    case "--to": s.ToKm = Number(); break;
                    case "--step": s.StepKm = Number(); break;
                    case "--loss-db": s.LossDb = Number(); break;
                    case "--fibre-loss": s.FibreLossDbPerKm = Number(); break;
                    case "--receiver-loss": s.ReceiverLossDb = Number(); break;
                    case "--efficiency": s.DetectorEfficiency = Number(); break;
                    case "--dark-rate": s.DarkCountRateHz = Number(); break;
                    case "--misalignment": s.MisalignmentError = Number(); break;
                    case "--afterpulse": s.AfterpulseProbability = Number(); break;
                    case "--rate": s.RepetitionRateHz = Number(); break;
                    case "--active": s.PassiveReceiver = false; break;
                    case "--window-ps": s.WindowPs = Number(); break;
                    case "--dead-time-ns": s.DeadTimeNs = Number(); break;
                    case "--signal": s.Signal = Number(); break;
                    case "--decoy": s.Decoy = Number(); break;
                    case "--vacuum": s.Vacuum = Number(); break;
                    case "--p-signal": s.SignalProbability = Number(); break;
                    case "--p-decoy": s.DecoyProbability = Number(); break;
                    case "--p-vacuum": s.VacuumProbability = Number(); break;
                    case "--key-basis": s.KeyBasisProbability = Number(); break;
                    case "--block": s.BlockBits = Number(); break;
                    case "--fec": s.ErrorCorrectionEfficiency = Number(); break;
                    case "--method": s.FiniteKey.Method = Enum.Parse<DecoyMethod>(Value(), ignoreCase: true); break;
                    case "--eps-sec": s.FiniteKey.EpsilonSecrecy = Number(); break;
                    case "--eps-cor": s.FiniteKey.EpsilonCorrectness = Number(); break;
                    case "--max-qber": s.FiniteKey.MaxQber = Number(); break;
                    case "--optimise": s.Optimise = true; break;
                    case "--compare":
                        s.CompareAtKm = Value().Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                        break;
                    case "--compare-blocks": s.CompareBlocks = (int)Number(); break;
                    case "--svg": s.SvgPath = Value(); break;
                    case "--help" or "-h": error.WriteLine(Usage); return null;
                    default: throw new FormatException($"unknown option {name}");
                }
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                error.WriteLine($"nodeagent-planner: {ex.Message}\n\n{Usage}");
                return null;
            }
        }

        var problems = new List<string>(s.FiniteKey.Validate());
        problems.AddRange(s.Channel(s.FromKm).Validate());
        string? intensities = s.Intensities.Validate(s.FiniteKey.Method);
        if (intensities is not null)
        {
            problems.Add(intensities);
        }

        if (!(s.StepKm > 0) || s.ToKm < s.FromKm || s.BlockBits < 1 || s.CompareBlocks < 2)
        {
            problems.Add("--step must be positive, --to at least --from, --block at least 1 and --compare-blocks at least 2.");
        }

        foreach (string problem in problems)
        {
            error.WriteLine($"nodeagent-planner: {problem}");
        }

        return problems.Count == 0 ? s : null;
    }
}
