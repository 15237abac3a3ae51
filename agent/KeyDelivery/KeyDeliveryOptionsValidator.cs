using Microsoft.Extensions.Options;

namespace NodeAgent.KeyDelivery;

/// <summary>Checks <see cref="KeyDeliveryOptions"/> at start-up; every message names the setting.</summary>
public sealed class KeyDeliveryOptionsValidator : IValidateOptions<KeyDeliveryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KeyDeliveryOptions options)
    {
        const string S = KeyDeliveryOptions.SectionName;
        var errors = new List<string>();
        foreach ((string label, int value) in new[] { ("MinKeySize", options.MinKeySize), ("DefaultKeySize", options.DefaultKeySize), ("MaxKeySize", options.MaxKeySize) })
        {
            if (value <= 0 || value % 8 != 0)
            {
                errors.Add($"{S}:{label} must be a positive multiple of 8, was {value}.");
            }
        }

        if (options.MinKeySize > options.DefaultKeySize || options.DefaultKeySize > options.MaxKeySize)
        {
            errors.Add($"{S}: MinKeySize <= DefaultKeySize <= MaxKeySize must hold.");
        }

        if (options.MaxKeysPerRequest is < 1 or > 4096)
        {
            errors.Add($"{S}:MaxKeysPerRequest must be 1 to 4096.");
        }

        if (options.MaxRequestBytes is < 1024 or > 16 << 20)
        {
            errors.Add($"{S}:MaxRequestBytes must be 1 KiB to 16 MiB.");
        }

        if (options.PeerTimeoutSeconds is <= 0 or > 600 || double.IsNaN(options.PeerTimeoutSeconds))
        {
            errors.Add($"{S}:PeerTimeoutSeconds must be in (0, 600].");
        }

        foreach ((string end, KmeOptions kme) in options.Ends)
        {
            if (end is not ("alice" or "bob"))
            {
                errors.Add($"{S}:Ends:{end}: ends are named alice and bob.");
            }

            if (!Uri.TryCreate(kme.Url, UriKind.Absolute, out Uri? url) || url.Scheme != "https")
            {
                errors.Add($"{S}:Ends:{end}:Url must be an https URL, was '{kme.Url}'.");
            }

            if (string.IsNullOrWhiteSpace(kme.KmeId))
            {
                errors.Add($"{S}:Ends:{end}:KmeId must be set.");
            }

            foreach ((string sae, string[] peers) in kme.Saes)
            {
                if (string.IsNullOrWhiteSpace(sae) || sae.Length > 128 || peers.Any(p => string.IsNullOrWhiteSpace(p)))
                {
                    errors.Add($"{S}:Ends:{end}:Saes: SAE IDs must be 1 to 128 characters.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
