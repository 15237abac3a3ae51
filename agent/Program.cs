using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodeAgent.Node.Hosting;

// The thin host of the NodeAgent: configuration (appsettings.json < NODEAGENT_* environment < command line),
// validated options, and the link services. `dotnet run --project agent` runs both ends of a simulated link.
var switches = new Dictionary<string, string>
{
    ["--role"] = "Node:Role",
    ["--link"] = "Node:LinkId",
    ["--listen"] = "Node:Listen",
    ["--peer"] = "Node:Peer",
    ["--seed"] = "Simulation:Seed",
    ["--distance"] = "Simulation:FibreLengthKm",
    ["--eve"] = "Simulation:EavesdropperFraction",
    ["--run-for"] = "RunFor",
};

// --mqtt host:port reports to an external broker instead of starting the embedded one.
args = ExpandMqttSwitch(args);

HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = [],
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.AddEnvironmentVariables("NODEAGENT_");
try
{
    builder.Configuration.AddCommandLine(args, switches);
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"nodeagent: {ex.Message}");
    return 2;
}

builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss ";
});
builder.Services.AddSystemd();
builder.Services.AddNodeAgent(builder.Configuration, Console.Out);

double runForSeconds = 0;
string? runFor = builder.Configuration["RunFor"];
if (runFor is not null && (!double.TryParse(runFor, System.Globalization.CultureInfo.InvariantCulture, out runForSeconds) || runForSeconds <= 0))
{
    Console.Error.WriteLine($"nodeagent: --run-for must be a positive number of seconds, was '{runFor}'.");
    return 2;
}

if (runForSeconds > 0)
{
    builder.Services.AddHostedService(sp => new RunForService(
        TimeSpan.FromSeconds(runForSeconds), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<TimeProvider>()));
}

IHost host;
try
{
    host = builder.Build();
    await host.StartAsync();
}
catch (OptionsValidationException ex)
{
    foreach (string failure in ex.Failures)
    {
        Console.Error.WriteLine($"nodeagent: configuration error: {failure}");
    }

    return 2;
}
catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
{
    // More than one section failed: the host checks each and throws them together.
    foreach (string failure in ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures))
    {
        Console.Error.WriteLine($"nodeagent: configuration error: {failure}");
    }

    return 2;
}
catch (OperationCanceledException)
{
    // SIGTERM or Ctrl+C arrived while the services were still starting: a clean stop, not a crash.
    Console.Error.WriteLine("nodeagent: stopped during start-up");
    return 0;
}
catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
{
    // Binding failures name the key, e.g. "Failed to convert configuration value at 'Simulation:FibreLengthKm'".
    Console.Error.WriteLine($"nodeagent: configuration error: {ex.Message}");
    return 2;
}

await host.WaitForShutdownAsync();
NodeRuntime runtime = host.Services.GetRequiredService<NodeRuntime>();
(string summary, bool identical) = StoreComparison.Summarize(runtime.Ends);
Console.Out.WriteLine(summary);
host.Dispose();
return identical ? 0 : 1;

static string[] ExpandMqttSwitch(string[] args)
{
    int i = Array.IndexOf(args, "--mqtt");
    if (i < 0 || i + 1 >= args.Length)
    {
        return args;
    }

    string value = args[i + 1];
    int colon = value.LastIndexOf(':');
    string host = colon > 0 ? value[..colon] : value;
    string port = colon > 0 ? value[(colon + 1)..] : "1883";
    return [.. args[..i], "--Telemetry:EmbeddedBroker", "false", "--Telemetry:Mqtt:Host", host, "--Telemetry:Mqtt:Port", port, .. args[(i + 2)..]];
}
