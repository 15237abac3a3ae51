using System.Diagnostics;
using System.Globalization;

namespace NodeAgent.Timing.Tests.Ptp;

/// <summary>
/// Two network namespaces joined by a veth pair, a ptp4l master in one and a slave (-s) in the other, both with
/// software timestamping over UDP/IPv4 and their own management socket. Disposing kills both and deletes the
/// namespaces (the veth pair goes with them) and the temporary directory, whatever state the test left.
/// </summary>
internal sealed class PtpNamespacePair : IDisposable
{
    public const string Ptp4l = "/usr/sbin/ptp4l";
    public const string Pmc = "/usr/sbin/pmc";

    private readonly string _suffix = (Environment.ProcessId % 100000).ToString(CultureInfo.InvariantCulture);
    private readonly List<string> _namespaces = [];
    private Process? _master;
    private Process? _slave;

    public PtpNamespacePair()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"nodeagent-ptp-test-{_suffix}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string MasterSocket => Path.Combine(Directory, "master.sock");

    public string SlaveSocket => Path.Combine(Directory, "slave.sock");

    public static string? IpTool => new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);

    /// <summary>Why the test cannot run here, or null.</summary>
    public static string? MissingPrerequisite() =>
        !OperatingSystem.IsLinux() ? "not Linux"
        : !File.Exists(Ptp4l) || !File.Exists(Pmc) ? $"linuxptp is not installed ({Ptp4l}, {Pmc}); apt-get install -y linuxptp"
        : IpTool is null ? "iproute2 (ip) is not installed"
        : !Environment.IsPrivilegedProcess ? "not root (network namespaces need CAP_SYS_ADMIN)"
        : null;

    public void Start()
    {
        string a = $"na-ptpm-{_suffix}", b = $"na-ptps-{_suffix}";
        string va = $"napm{_suffix}", vb = $"naps{_suffix}";
        Ip("netns", "add", a);
        _namespaces.Add(a);
        Ip("netns", "add", b);
        _namespaces.Add(b);
        Ip("link", "add", va, "type", "veth", "peer", "name", vb);
        Ip("link", "set", va, "netns", a);
        Ip("link", "set", vb, "netns", b);
        Ip("-n", a, "addr", "add", "10.213.0.1/24", "dev", va);
        Ip("-n", b, "addr", "add", "10.213.0.2/24", "dev", vb);
        Ip("-n", a, "link", "set", va, "up");
        Ip("-n", b, "link", "set", vb, "up");
        Ip("-n", a, "link", "set", "lo", "up");
        Ip("-n", b, "link", "set", "lo", "up");
        _master = StartPtp4l(a, va, MasterSocket, slaveOnly: false);
        _slave = StartPtp4l(b, vb, SlaveSocket, slaveOnly: true);
    }

    public void KillMaster()
    {
        _master?.Kill();
        _master?.WaitForExit(5000);
    }

    /// <summary>pmc's answer to <paramref name="command"/> on the slave's socket, as "name value" lines.</summary>
    public Dictionary<string, string> PmcGet(string command)
    {
        var start = new ProcessStartInfo(Pmc, ["-u", "-b", "0", "-s", SlaveSocket, "-i", Path.Combine(Directory, "pmc.sock"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process pmc = Process.Start(start)!;
        string output = pmc.StandardOutput.ReadToEnd();
        pmc.WaitForExit(10_000);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n'))
        {
            string[] parts = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && line.StartsWith("\t\t", StringComparison.Ordinal))
            {
                fields[parts[0]] = parts[1];
            }
        }

        return fields;
    }

    public void Dispose()
    {
        foreach (Process? p in new[] { _master, _slave })
        {
            try
            {
                if (p is { HasExited: false })
                {
                    p.Kill();
                    p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            p?.Dispose();
        }

        foreach (string ns in _namespaces)
        {
            TryIp("netns", "del", ns);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Process StartPtp4l(string ns, string device, string socket, bool slaveOnly)
    {
        string config = Path.Combine(Directory, Path.GetFileNameWithoutExtension(socket) + ".cfg");
        File.WriteAllText(config, $"[global]\nuds_address {socket}\n");
        var args = new List<string> { "netns", "exec", ns, Ptp4l, "-i", device, "-S", "-4", "-f", config, "-q" };
        if (slaveOnly)
        {
            args.Add("-s");
        }

        var start = new ProcessStartInfo(IpTool!, args) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Ip(params string[] args)
    {
        (int code, string error) = Run(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({code}): {error}");
        }
    }

    private static void TryIp(params string[] args) => Run(args);

    private static (int Code, string Error) Run(string[] args)
    {
        var start = new ProcessStartInfo(IpTool!, args) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit(10_000);
        return (process.ExitCode, error);
    }
}
