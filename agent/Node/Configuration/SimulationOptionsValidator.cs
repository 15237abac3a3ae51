using Microsoft.Extensions.Options;
using NodeAgent.Drivers.Simulated;

namespace NodeAgent.Node.Configuration;

/// <summary>Start-up validation of the simulated link's settings.</summary>
public sealed class SimulationOptionsValidator : IValidateOptions<SimulatedLinkOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SimulatedLinkOptions options)
    {
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
