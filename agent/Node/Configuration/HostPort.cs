using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NodeAgent.Node.Configuration;

/// <summary>A "host:port" setting ("127.0.0.1:7400", "alice.example:7400", "[::1]:7400").</summary>
public readonly record struct HostPort(string Host, int Port)
{
    /// <summary>Parses "host:port"; the port must be 0–65535.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out HostPort? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        string host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            return false;
        }

        value = new HostPort(host, port);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
