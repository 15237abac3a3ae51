using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodeAgent.Acquisition;
using NodeAgent.Drivers.Hardware.FifoTagger;
using NodeAgent.Drivers.Hardware.GpioTagger;
using NodeAgent.Node.Configuration;
using NodeAgent.Timing.Alignment;
using NodeAgent.Timing.Ptp;
using NodeAgent.Timing.Servo;

namespace NodeAgent.Node.Devices;

/// <summary>Registers the devices and time services of a link end, with their validated options.</summary>
public static class DeviceServiceCollectionExtensions
{
    /// <summary>
    /// Bob's tagger (<c>Node:Tagger</c>; <see cref="BobAcquisition"/>, started before the link) and the settings of
    /// acquisition, alignment and the timebase servo, checked at start-up. The sections of the hardware taggers
    /// (<c>FifoTagger</c>, <c>GpioTagger</c>) are checked when their tagger is opened, which is also at start-up, and
    /// only then: the GPIO tagger has no usable default lines.
    /// </summary>
    public static IServiceCollection AddBobDevices(this IServiceCollection services, IConfiguration configuration)
    {
        Bind<AcquisitionOptions>(services, configuration, AcquisitionOptions.SectionName, o => o.Validate(), onStart: true);
        Bind<SlotAlignerOptions>(services, configuration, SlotAlignerOptions.SectionName, o => o.Validate(), onStart: true);
        Bind<TimebaseServoOptions>(services, configuration, TimebaseServoOptions.SectionName, o => o.Validate(), onStart: true);
        Bind<FifoTaggerOptions>(services, configuration, FifoTaggerOptions.SectionName, o => o.Validate(), onStart: false);
        Bind<GpioEdgeTaggerOptions>(services, configuration, GpioEdgeTaggerOptions.SectionName, o => o.Validate(), onStart: false);
        services.TryAddSingleton<ITaggerDeviceFactory, LinuxTaggerDeviceFactory>();
        services.AddSingleton<BobAcquisition>();
        services.AddHostedService(sp => sp.GetRequiredService<BobAcquisition>());
        return services;
    }

    /// <summary>
    /// The ptp4l monitor (<see cref="Hosting.PtpMonitorService"/>) when a <c>Ptp</c> section names ptp4l's
    /// <c>UdsAddress</c>; its health goes to telemetry and the time sync alarm. Without one, nothing is registered.
    /// </summary>
    public static IServiceCollection AddPtpMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[$"{PtpMonitorOptions.SectionName}:{nameof(PtpMonitorOptions.UdsAddress)}"]))
        {
            return services;
        }

        Bind<PtpMonitorOptions>(services, configuration, PtpMonitorOptions.SectionName, o => o.Validate(), onStart: true);
        services.AddSingleton<Hosting.PtpMonitorService>();
        services.AddHostedService(sp => sp.GetRequiredService<Hosting.PtpMonitorService>());
        return services;
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate, bool onStart)
        where T : class
    {
        OptionsBuilder<T> options = services.AddOptions<T>().Bind(configuration.GetSection(section));
        if (onStart)
        {
            options.ValidateOnStart();
        }

        services.AddSingleton<IValidateOptions<T>>(new OptionsListValidator<T>(validate));
    }
}
