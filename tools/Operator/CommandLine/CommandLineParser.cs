using System.Globalization;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.CommandLine;

/// <summary>
/// Parses <c>nodeagent-ops</c> arguments. Options take <c>--name value</c> or <c>--name=value</c>. Every problem is a
/// <see cref="UsageException"/> naming the argument; nothing else is thrown. Pure apart from reading
/// <c>NODEAGENT_OPS_PASSWORD</c> and checking that <c>--ca</c> names an existing file.
/// </summary>
internal static class CommandLineParser
{
    /// <summary>The environment variable read for the password when <c>--password</c> is not given.</summary>
    public const string PasswordVariable = "NODEAGENT_OPS_PASSWORD";

    private static readonly HashSet<string> s_flags = new(StringComparer.Ordinal) { "--tls", "--once" };

    private static readonly HashSet<string> s_watchOptions = new(StringComparer.Ordinal)
    {
        "--broker", "--group", "--tls", "--ca", "--user", "--password", "--once", "--wait",
    };

    private static readonly HashSet<string> s_sendOptions = new(StringComparer.Ordinal)
    {
        "--broker", "--group", "--tls", "--ca", "--user", "--password", "--node", "--device", "--type", "--timeout",
    };

    /// <exception cref="UsageException">The arguments are wrong.</exception>
    public static OperatorCommand Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        if (args.Count == 0)
        {
            throw new UsageException("no command given.");
        }

        string command = args[0];
        if (command is "help" or "--help" or "-h" or "-?")
        {
            return new HelpCommand();
        }

        if (command is not ("watch" or "send"))
        {
            throw new UsageException($"unknown command '{command}' (expected watch, send or help).");
        }

        (Dictionary<string, string> options, List<string> positional) =
            Split(args.Skip(1), command == "watch" ? s_watchOptions : s_sendOptions, command);
        if (options.ContainsKey("--help"))
        {
            return new HelpCommand();
        }

        BrokerSettings broker = ParseBroker(options, environment);
        return command == "watch" ? ParseWatch(broker, options, positional) : ParseSend(broker, options, positional);
    }

    private static WatchSettings ParseWatch(BrokerSettings broker, Dictionary<string, string> options, List<string> positional)
    {
        if (positional.Count > 0)
        {
            throw new UsageException($"watch takes no arguments (got '{positional[0]}').");
        }

        bool once = options.ContainsKey("--once");
        if (options.ContainsKey("--wait") && !once)
        {
            throw new UsageException("--wait only applies with --once.");
        }

        return new WatchSettings(broker, once, Seconds(options, "--wait", 3));
    }

    private static SendSettings ParseSend(BrokerSettings broker, Dictionary<string, string> options, List<string> positional)
    {
        string node = options.GetValueOrDefault("--node") ?? throw new UsageException("send needs --node <edge node>.");
        RequireId(node, "--node");
        string? device = options.GetValueOrDefault("--device");
        if (device is not null)
        {
            RequireId(device, "--device");
        }

        if (positional.Count != 1)
        {
            throw new UsageException(positional.Count == 0
                ? "send needs <metric>=<value> or rebirth."
                : $"send takes one <metric>=<value> (got {positional.Count} arguments; quote names with spaces).");
        }

        SparkplugDataType? type = null;
        if (options.TryGetValue("--type", out string? typeName))
        {
            if (!Enum.TryParse(typeName, ignoreCase: true, out SparkplugDataType parsed) || !Enum.IsDefined(parsed)
                || int.TryParse(typeName, CultureInfo.InvariantCulture, out _))
            {
                throw new UsageException($"--type '{typeName}' is not a Sparkplug datatype (Boolean, Int8..Int64, UInt8..UInt64, Float, Double, String, Text, DateTime).");
            }

            type = parsed;
        }

        TimeSpan timeout = Seconds(options, "--timeout", 5);
        string assignment = positional[0];
        if (assignment == "rebirth")
        {
            if (device is not null || type is not null)
            {
                throw new UsageException("rebirth addresses the edge node: drop --device and --type.");
            }

            return new SendSettings(broker, node, null, SparkplugPayloadCodec.RebirthMetricName, "true", SparkplugDataType.Boolean, timeout);
        }

        int equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"'{assignment}' is not <metric>=<value> (or rebirth).");
        }

        string metric = assignment[..equals].Trim();
        string value = assignment[(equals + 1)..];
        if (metric.Length == 0)
        {
            throw new UsageException($"'{assignment}' names no metric.");
        }

        if (type is SparkplugDataType t && !CommandValueParser.TryParse(value, t, out _, out string? error))
        {
            throw new UsageException($"value '{value}' for {metric}: {error}");
        }

        return new SendSettings(broker, node, device, metric, value, type, timeout);
    }

    private static BrokerSettings ParseBroker(Dictionary<string, string> options, Func<string, string?> environment)
    {
        bool tls = options.ContainsKey("--tls");
        var settings = new BrokerSettings { UseTls = tls, Port = tls ? 8883 : 1883 };
        if (options.TryGetValue("--broker", out string? broker))
        {
            (string host, int? port) = ParseHostPort(broker);
            settings = settings with { Host = host, Port = port ?? settings.Port };
        }

        if (options.TryGetValue("--group", out string? group))
        {
            RequireId(group, "--group");
            settings = settings with { Group = group };
        }

        if (options.TryGetValue("--ca", out string? ca))
        {
            if (!tls)
            {
                throw new UsageException("--ca needs --tls.");
            }

            if (!File.Exists(ca))
            {
                throw new UsageException($"--ca: no such file '{ca}'.");
            }

            settings = settings with { CaFile = ca };
        }

        string? user = options.GetValueOrDefault("--user");
        string? password = options.GetValueOrDefault("--password") ?? (user is null ? null : environment(PasswordVariable));
        if (options.ContainsKey("--password") && user is null)
        {
            throw new UsageException("--password needs --user.");
        }

        if (user is { Length: 0 })
        {
            throw new UsageException("--user must not be empty.");
        }

        return settings with { Username = user, Password = password };
    }

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[v6]</c> or <c>[v6]:port</c>.</summary>
    internal static (string Host, int? Port) ParseHostPort(string text)
    {
        string host = text;
        string? port = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 2 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                throw new UsageException($"--broker '{text}' is not host:port.");
            }

            host = text[1..close];
            port = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            (host, port) = (text[..colon], text[(colon + 1)..]);
        }
        else if (text.Contains(':', StringComparison.Ordinal))
        {
            throw new UsageException($"--broker '{text}': write an IPv6 address as [address]:port.");
        }

        if (host.Length == 0)
        {
            throw new UsageException($"--broker '{text}' names no host.");
        }

        if (port is null)
        {
            return (host, null);
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
        {
            throw new UsageException($"--broker '{text}': port must be a number from 1 to 65535.");
        }

        return (host, number);
    }

    private static (Dictionary<string, string> Options, List<string> Positional) Split(IEnumerable<string> args, HashSet<string> allowed, string command)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        using IEnumerator<string> e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string arg = e.Current;
            if (arg is "--help" or "-h")
            {
                options["--help"] = string.Empty;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                (name, value) = (arg[..equals], arg[(equals + 1)..]);
            }

            if (!allowed.Contains(name))
            {
                throw new UsageException($"{command} does not take {name}.");
            }

            if (options.ContainsKey(name))
            {
                throw new UsageException($"{name} given twice.");
            }

            if (s_flags.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"{name} takes no value.");
                }

                options[name] = string.Empty;
                continue;
            }

            if (value is null)
            {
                if (!e.MoveNext())
                {
                    throw new UsageException($"{name} needs a value.");
                }

                value = e.Current;
            }

            options[name] = value;
        }

        return (options, positional);
    }

    private static TimeSpan Seconds(Dictionary<string, string> options, string name, double fallback)
    {
        if (!options.TryGetValue(name, out string? text))
        {
            return TimeSpan.FromSeconds(fallback);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
        {
            throw new UsageException($"{name} '{text}' must be a number of seconds above 0 and at most 3600.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static void RequireId(string id, string option)
    {
        if (!SparkplugTopic.IsValidId(id))
        {
            throw new UsageException($"{option} '{id}' is not a Sparkplug id (non-empty, no '+', '/' or '#').");
        }
    }
}
