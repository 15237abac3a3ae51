using BenchmarkDotNet.Running;
using NodeAgent.Benchmarks.KeyDelivery;
using NodeAgent.Benchmarks.Reconciliation;
using NodeAgent.Benchmarks.Soak;

// `soak [--minutes N]` runs the telemetry soak test, `enc-keys [--seconds N] [--concurrency C]` the load on the
// key-delivery API and `reconciliation-sweep` the efficiency sweep (none is a BenchmarkDotNet suite); anything else
// goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "soak")
{
    return await TelemetrySoak.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "enc-keys")
{
    return await EncKeysLoad.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "reconciliation-sweep")
{
    return ReconciliationSweep.Run(args[1..]);
}

// `ldpc sweep` measures the LDPC family alone (more frames, per-code detail); `ldpc tables` regenerates its code tables.
if (args.Length > 0 && args[0] == "ldpc")
{
    return NodeAgent.Benchmarks.Ldpc.LdpcCommand.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
