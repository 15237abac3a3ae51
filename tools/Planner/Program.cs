using System.Globalization;
using NodeAgent.Distillation.Estimation.FiniteKey;
using NodeAgent.Planner;

// The key-rate planner: the expected finite-key secret key rate of a link over distance, computed with the same
// estimator the agent applies to every block, optionally optimised and compared with the agent on the simulated link.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
PlannerSettings? settings = PlannerSettings.Parse(args, Console.Error);
if (settings is null)
{
    return 2;
}

Console.WriteLine($"# {settings.FiniteKey.Method}, block n_X = {settings.BlockBits:G4}, eps_sec = {settings.FiniteKey.EpsilonSecrecy:G3}, eps_cor = {settings.FiniteKey.EpsilonCorrectness:G3}, f_EC = {settings.ErrorCorrectionEfficiency}");
Console.WriteLine($"# eta_det = {settings.DetectorEfficiency}, dark = {settings.DarkCountRateHz} Hz, e_mis = {settings.MisalignmentError}, rate = {settings.RepetitionRateHz:G3} Hz, {(settings.PassiveReceiver ? "passive" : "active")} basis choice");
Console.WriteLine("    km   loss dB    QBER   test det   s1 (key)   phase err     l/block    bits/pulse        bits/s  parameters");
var curve = new List<(double X, double Y)>();
Intensities start = settings.Intensities;
double q = settings.KeyBasisProbability;
double[] distances = settings.LossDb is null
    ? Enumerable.Range(0, (int)Math.Floor(((settings.ToKm - settings.FromKm) / settings.StepKm) + 1e-9) + 1).Select(i => settings.FromKm + (i * settings.StepKm)).ToArray()
    : [0];
foreach (double km in distances)
{
    var model = new KeyRateModel(settings.Channel(km), settings.FiniteKey) { ErrorCorrectionEfficiency = settings.ErrorCorrectionEfficiency };
    KeyRatePoint point;
    string parameters = "";
    if (settings.Optimise)
    {
        KeyRatePlan plan = KeyRatePlanner.Optimise(model, settings.BlockBits, start, q);
        point = plan.Point;
        if (point.Accepted)
        {
            (start, q) = (plan.Intensities, plan.KeyBasisProbability); // warm start for the next distance
        }

        Intensities i = plan.Intensities;
        parameters = $"mu {i.Signal:F3}/{i.Decoy:F3}/{i.Vacuum:G2} p {i.SignalProbability:F2}/{i.DecoyProbability:F2}/{i.VacuumProbability:F2} q {plan.KeyBasisProbability:F3}";
    }
    else
    {
        point = model.Evaluate(settings.Intensities, settings.BlockBits);
    }

    double loss = settings.Channel(km).ChannelLoss;
    Console.WriteLine(point.Accepted
        ? $"{km,6:F1} {loss,9:F2} {point.KeyQber,7:P2} {point.TestDetections,10:F0} {point.KeySinglePhotonLower,10:F0} {point.PhaseErrorUpper,11:P2} {point.RawLength,11:F0} {point.SecretBitsPerPulse,13:E3} {point.SecretBitsPerSecond,13:F0}  {parameters}"
        : $"{km,6:F1} {loss,9:F2} {point.KeyQber,7:P2}  no key: {point.DiscardReason}");
    curve.Add((settings.LossDb ?? km, point.Accepted ? point.SecretBitsPerSecond : 0));
}

var measured = new List<(double X, double Y)>();
if (settings.CompareAtKm.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("# the agent on the simulated link (both ends in-process, as fast as the CPU allows)");
    Console.WriteLine("    km   planner bits/s   agent bits/s   agent/planner   blocks kept/discarded");
    foreach (double km in settings.CompareAtKm)
    {
        KeyRatePoint predicted = new KeyRateModel(settings.Channel(km), settings.FiniteKey) { ErrorCorrectionEfficiency = settings.ErrorCorrectionEfficiency }
            .Evaluate(settings.Intensities, settings.BlockBits);
        (double perPulse, long accepted, long discarded) = await SimulatedComparison.MeasureAsync(settings, km, settings.CompareBlocks, CancellationToken.None);
        double agent = perPulse * settings.RepetitionRateHz;
        double expected = predicted.Accepted ? predicted.SecretBitsPerSecond : 0;
        Console.WriteLine($"{km,6:F1} {expected,16:F0} {agent,14:F0} {(expected > 0 ? agent / expected : double.NaN),15:F3}   {accepted}/{discarded}");
        measured.Add((km, agent));
    }
}

if (settings.SvgPath is not null)
{
    var chart = new SvgChart(
        $"Finite-key secret key rate ({settings.FiniteKey.Method}, n_X = {settings.BlockBits:G3})",
        settings.LossDb is null ? "fibre length (km)" : "channel loss (dB)",
        "secret key rate (bit/s)");
    chart.Add("planner", curve);
    if (measured.Count > 0)
    {
        chart.Add("agent on the simulated link", measured, markers: true);
    }

    File.WriteAllText(settings.SvgPath, chart.Render());
    Console.WriteLine($"# wrote {settings.SvgPath}");
}

return 0;
