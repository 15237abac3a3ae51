using System.Net;

namespace NodeAgent.Telemetry.Mqtt;

/// <summary>Settings of the <see cref="EmbeddedBroker"/> of the zero-setup run (section <c>Telemetry:Broker</c>).</summary>
public sealed class EmbeddedBrokerOptions
{
    /// <summary>Address to listen on. Default <c>127.0.0.1</c>: reachable from this host only.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port to listen on. Default 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>When set, clients must present this user name and <see cref="Password"/>; when empty anyone may connect.</summary>
    public string? Username { get; set; }

    /// <summary>Password required with <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Checks every setting and returns one message per problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(Address, out _))
        {
            errors.Add($"{nameof(Address)} must be an IP address (is '{Address}').");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"{nameof(Port)} must be between 1 and 65535 (is {Port}).");
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            errors.Add($"{nameof(Username)} and {nameof(Password)} must be set together.");
        }

        return errors;
    }
}
