using Microsoft.Extensions.Options;
using NodeAgent.Node.Alarms;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Node.Configuration;

/// <summary>Checks <see cref="TelemetryOptions"/> at start-up; every message names the setting.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        const string S = TelemetryOptions.SectionName;
        NodeOptionsValidator.CheckRange(errors, $"{S}:EmbeddedBrokerPort", options.EmbeddedBrokerPort, 1, 65535);
        NodeOptionsValidator.CheckRange(errors, $"{S}:PublishPeriodSeconds", options.PublishPeriodSeconds, 0.05, 3600);
        ValidateAlarms(errors, options.Alarms);
        if (!SparkplugTopic.IsValidId(options.GroupId))
        {
            errors.Add($"{S}:GroupId must be a non-empty Sparkplug id without '+', '#' or '/', was '{options.GroupId}'.");
        }

        if (options.PrimaryHostId is { } host && !SparkplugTopic.IsValidId(host))
        {
            errors.Add($"{S}:PrimaryHostId must be a Sparkplug id without '+', '#' or '/', was '{host}'.");
        }

        if (!options.EmbeddedBroker)
        {
            foreach (string error in options.Mqtt.Validate())
            {
                errors.Add($"{S}:Mqtt:{error}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateAlarms(List<string> errors, AlarmOptions a)
    {
        const string A = TelemetryOptions.SectionName + ":Alarms";
        NodeOptionsValidator.CheckRange(errors, $"{A}:MinimumHoldSeconds", a.MinimumHoldSeconds, 0, 3600);
        NodeOptionsValidator.CheckRange(errors, $"{A}:StartupGraceSeconds", a.StartupGraceSeconds, 0, 86400);
        NodeOptionsValidator.CheckRange(errors, $"{A}:QberThreshold", a.QberThreshold, 0, 0.5);
        NodeOptionsValidator.CheckRange(errors, $"{A}:QberClearMargin", a.QberClearMargin, 0, 0.5);
        NodeOptionsValidator.CheckRange(errors, $"{A}:KeyRateTargetBitsPerSecond", a.KeyRateTargetBitsPerSecond, 0, 1e12);
        NodeOptionsValidator.CheckRange(errors, $"{A}:KeyRateWindowSeconds", a.KeyRateWindowSeconds, 1, 86400);
        NodeOptionsValidator.CheckRange(errors, $"{A}:KeyRateClearMargin", a.KeyRateClearMargin, 0, 10);
        NodeOptionsValidator.CheckRange(errors, $"{A}:KeyStoreLowCount", a.KeyStoreLowCount, 0, int.MaxValue / 2);
        NodeOptionsValidator.CheckRange(errors, $"{A}:PeerSilenceSeconds", a.PeerSilenceSeconds, 1, 86400);
        NodeOptionsValidator.CheckRange(errors, $"{A}:PeerFailureStreak", a.PeerFailureStreak, 1, 1_000_000);
        NodeOptionsValidator.CheckRange(errors, $"{A}:TemperatureMinCelsius", a.TemperatureMinCelsius, -100, 200);
        NodeOptionsValidator.CheckRange(errors, $"{A}:TemperatureMaxCelsius", a.TemperatureMaxCelsius, a.TemperatureMinCelsius, 200);
        NodeOptionsValidator.CheckRange(errors, $"{A}:TemperatureHysteresisCelsius", a.TemperatureHysteresisCelsius, 0, (a.TemperatureMaxCelsius - a.TemperatureMinCelsius) / 2);
    }
}
