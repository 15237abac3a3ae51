using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NodeAgent.Telemetry.Tests.Mqtt;

/// <summary>
/// A real Mosquitto broker run as a child process from a temporary directory: a TLS listener on a free loopback port
/// (throwaway CA), a password file made with <c>mosquitto_passwd</c>, no persistence. Killed on dispose, whatever
/// happened in the test.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private const string PasswordTool = "/usr/bin/mosquitto_passwd";
    private readonly string _directory = Directory.CreateTempSubdirectory("nodeagent-mosquitto-").FullName;
    private readonly string _configFile;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public MosquittoBroker(string username, string password)
    {
        Port = FreePort.Next();
        (CaFile, string certFile, string keyFile) = TestCertificates.Write(_directory);
        string passwordFile = Path.Combine(_directory, "passwd");
        RunTool(PasswordTool, "-b", "-c", passwordFile, username, password);
        _configFile = Path.Combine(_directory, "mosquitto.conf");
        File.WriteAllText(_configFile, $"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwordFile}
            persistence false
            user {Environment.UserName}
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            listener {Port} 127.0.0.1
            cafile {CaFile}
            certfile {certFile}
            keyfile {keyFile}

            """);
    }

    public int Port { get; }

    public string CaFile { get; }

    /// <summary>Skips the calling test when Mosquitto is not installed, or fails it when NODEAGENT_REQUIRE_INTEROP=1.</summary>
    public static void RequireInstalled()
    {
        if (File.Exists(Executable) && File.Exists(PasswordTool))
        {
            return;
        }

        string reason = $"Mosquitto is not installed ({Executable}, {PasswordTool}); apt-get install -y mosquitto";
        if (Environment.GetEnvironmentVariable("NODEAGENT_REQUIRE_INTEROP") == "1")
        {
            Assert.Fail(reason + " (NODEAGENT_REQUIRE_INTEROP=1 makes this a failure)");
        }

        Assert.Skip(reason);
    }

    /// <summary>Starts the broker and waits until its port accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable, ["-c", _configFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"mosquitto exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    /// <summary>Kills the broker process (SIGKILL: no DISCONNECT to anyone, like a crash).</summary>
    public void Kill()
    {
        Process? process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.Dispose();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static void RunTool(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException(tool + " did not start");
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {output}");
    }
}
