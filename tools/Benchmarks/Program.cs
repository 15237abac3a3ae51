using BenchmarkDotNet.Running;
using NodeAgent.Benchmarks.Soak;

// `soak [--minutes N]` runs the telemetry soak test (not a BenchmarkDotNet suite); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "soak")
{
    return await TelemetrySoak.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
