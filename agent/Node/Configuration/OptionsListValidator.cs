using Microsoft.Extensions.Options;

namespace NodeAgent.Node.Configuration;

/// <summary>
/// Start-up validation of an options class from a library that checks itself (a <c>Validate()</c> returning one
/// message per bad setting, each naming it), as <see cref="SimulationOptionsValidator"/> does for the simulator's.
/// </summary>
/// <typeparam name="T">The options class.</typeparam>
public sealed class OptionsListValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
    where T : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, T options)
    {
        IReadOnlyList<string> errors = validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
