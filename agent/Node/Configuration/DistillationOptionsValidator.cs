using Microsoft.Extensions.Options;

namespace NodeAgent.Node.Configuration;

/// <summary>Checks <see cref="DistillationOptions"/> at start-up; every message names the setting.</summary>
public sealed class DistillationOptionsValidator : IValidateOptions<DistillationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DistillationOptions options)
    {
        var errors = new List<string>();
        const string S = DistillationOptions.SectionName;
        NodeOptionsValidator.CheckRange(errors, $"{S}:BlockBits", options.BlockBits, 1024, 1 << 24);
        foreach (string error in options.FiniteKey.Validate())
        {
            errors.Add($"{S}:FiniteKey:{error}");
        }

        NodeOptionsValidator.CheckRange(errors, $"{S}:AcceptanceWindowPs", options.AcceptanceWindowPs, 1, 1e9);
        NodeOptionsValidator.CheckRange(errors, $"{S}:ChannelCheckMaxSigma", options.ChannelCheckMaxSigma, 1, 1e6);
        NodeOptionsValidator.CheckRange(errors, $"{S}:ChannelCheckMaxDeviation", options.ChannelCheckMaxDeviation, 0, 10);
        NodeOptionsValidator.CheckRange(errors, $"{S}:CascadePasses", options.CascadePasses, 1, 64);
        if (!Enum.IsDefined(options.Reconciliation))
        {
            errors.Add($"{S}:Reconciliation must be Cascade or Ldpc.");
        }
        NodeOptionsValidator.CheckRange(errors, $"{S}:SiftBatchDetections", options.SiftBatchDetections, 16, 1 << 20);
        if (options.AuthenticationPadsPerBlock is < 0 or > 1 << 20)
        {
            errors.Add($"{S}:AuthenticationPadsPerBlock must be between 0 and 2^20, was {options.AuthenticationPadsPerBlock}.");
        }

        if (options.KeyBits < 8 || options.KeyBits > 8192 || options.KeyBits % 8 != 0)
        {
            errors.Add($"{S}:KeyBits must be a multiple of 8 between 8 and 8192, was {options.KeyBits}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
