using Microsoft.Extensions.Options;
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
}
