using Microsoft.Extensions.Options;
using NodeAgent.Node.KeyManagement;

namespace NodeAgent.Node.Configuration;

/// <summary>Checks <see cref="NodeOptions"/> at start-up; every message names the setting.</summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    private const int MinimumKeyBytes = 32;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var errors = new List<string>();
        const string S = NodeOptions.SectionName;
        if (!Enum.IsDefined(options.Role))
        {
            errors.Add($"{S}:Role must be alice, bob or both.");
        }

        if (string.IsNullOrWhiteSpace(options.LinkId) || options.LinkId.Length > 64)
        {
            errors.Add($"{S}:LinkId must be 1 to 64 characters.");
        }

        if (!IsHexKey(options.PreSharedKey))
        {
            errors.Add($"{S}:PreSharedKey must be hex of at least {MinimumKeyBytes} bytes ({MinimumKeyBytes * 2} hex digits).");
        }

        if (!string.IsNullOrEmpty(options.AuthenticationBootstrapFile))
        {
            CheckBootstrapFile(errors, $"{S}:AuthenticationBootstrapFile", options.AuthenticationBootstrapFile);
        }

        if (!HostPort.TryParse(options.Listen, out _))
        {
            errors.Add($"{S}:Listen must be host:port, was '{options.Listen}'.");
        }

        if (!HostPort.TryParse(options.Peer, out HostPort? peer) || peer.Value.Port == 0)
        {
            errors.Add($"{S}:Peer must be host:port with a port above 0, was '{options.Peer}'.");
        }

        if (!HostPort.TryParse(options.KeyListen, out _))
        {
            errors.Add($"{S}:KeyListen must be host:port, was '{options.KeyListen}'.");
        }

        if (!HostPort.TryParse(options.KeyPeer, out HostPort? keyPeer) || keyPeer.Value.Port == 0)
        {
            errors.Add($"{S}:KeyPeer must be host:port with a port above 0, was '{options.KeyPeer}'.");
        }

        CheckRange(errors, $"{S}:KeyLifetimeHours", options.KeyLifetimeHours, 0.001, 24 * 365);
        if (options.MasterKeyFile is not null && options.Role == NodeRole.Both)
        {
            errors.Add($"{S}:MasterKeyFile names one file, but role 'both' runs two ends, each with its own master key: leave it unset.");
        }

        CheckRange(errors, $"{S}:PeerTimeoutSeconds", options.PeerTimeoutSeconds, 0.1, 600);
        CheckRange(errors, $"{S}:ReconnectInitialSeconds", options.ReconnectInitialSeconds, 0.01, 60);
        CheckRange(errors, $"{S}:ReconnectMaxSeconds", options.ReconnectMaxSeconds, options.ReconnectInitialSeconds, 3600);
        if (!Enum.IsDefined(options.Tagger))
        {
            errors.Add($"{S}:Tagger must be Simulated, FifoTagger or GpioTagger.");
        }
        else if (options.Tagger != TaggerKind.Simulated && options.Role != NodeRole.Bob)
        {
            // In role both Alice is the simulator, whose pulses never reach real detectors; Alice has no tagger at all.
            errors.Add($"{S}:Tagger {options.Tagger} is a hardware tagger for Bob and needs {S}:Role bob, was {options.Role.ToString().ToLowerInvariant()}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void CheckRange(List<string> errors, string setting, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add($"{setting} must be between {min} and {max}, was {value}.");
        }
    }

    private static void CheckBootstrapFile(List<string> errors, string setting, string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            errors.Add($"{setting}: no file at '{path}'.");
        }
        else if (file.Length < AuthenticationBootstrap.MinimumFileBytes || file.Length % 16 != 0 || file.Length > Array.MaxLength)
        {
            errors.Add($"{setting} must hold a multiple of 16 bytes, at least {AuthenticationBootstrap.MinimumFileBytes}; '{path}' has {file.Length}.");
        }
    }

    private static bool IsHexKey(string? key)
    {
        if (key is null || key.Length < MinimumKeyBytes * 2 || key.Length % 2 != 0)
        {
            return false;
        }

        foreach (char c in key)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
