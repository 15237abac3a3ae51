using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodeAgent.Drivers.Simulated;
using NodeAgent.KeyDelivery;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Devices;

namespace NodeAgent.Node.Hosting;

/// <summary>Registers the agent's services with validated options.</summary>
public static class NodeAgentServiceCollectionExtensions
{
    /// <summary>Binds and validates the settings and registers the link and the status reporter.</summary>
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, IConfiguration configuration, TextWriter statusOutput)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NodeOptions>().Bind(configuration.GetSection(NodeOptions.SectionName)).ValidateOnStart();
        services.AddOptions<DistillationOptions>().Bind(configuration.GetSection(DistillationOptions.SectionName)).ValidateOnStart();
        services.AddOptions<SimulatedLinkOptions>().Bind(configuration.GetSection(SimulatedLinkOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        services.AddSingleton<IValidateOptions<DistillationOptions>, DistillationOptionsValidator>();
        services.AddSingleton<IValidateOptions<SimulatedLinkOptions>, SimulationOptionsValidator>();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddOptions<KeyDeliveryOptions>().Bind(configuration.GetSection(KeyDeliveryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyDeliveryOptions>, KeyDeliveryOptionsValidator>();
        services.AddBobDevices(configuration).AddPtpMonitor(configuration);
        services.AddSingleton<NodeRuntime>();
        services.AddSingleton<KeyDeliveryHost>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyDeliveryHost>());
        services.AddHostedService<LinkService>();
        services.AddSingleton<TelemetryService>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryService>());
        services.AddHostedService(sp => new StatusReporter(sp.GetRequiredService<NodeRuntime>(), sp.GetRequiredService<TimeProvider>(), statusOutput));
        return services;
    }
}
