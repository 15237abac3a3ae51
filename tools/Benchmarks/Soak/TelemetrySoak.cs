using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Benchmarks.Soak;

/// <summary>
/// Telemetry soak test (not in CI): one edge node publishes 24 changing metrics at 10 Hz through
/// <see cref="MqttTransport"/> to an <see cref="EmbeddedBroker"/> that is stopped for 2 s every 20 s, and memory is
/// printed every 30 s. Verdict: the last minute's highest managed heap within 10 % of the first minute's.
/// <c>dotnet run -c Release --project tools/Benchmarks -- soak --minutes 10</c>
/// </summary>
internal static class TelemetrySoak
{
    private static readonly TimeSpan s_publishPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_brokerCycle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_brokerDown = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_samplePeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_printPeriod = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        double minutes = CommandLine.Option(args, "--minutes", 10.0);

        int port = FreePort();
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = port });
        await broker.StartAsync(CancellationToken.None);
        var node = new SparkplugEdgeNode(
            new SparkplugEdgeNodeOptions { GroupId = "soak", EdgeNodeId = "soak-1", MinimumPublishPeriod = s_publishPeriod / 2 },
            new InMemoryBdSeqStore());
        string[] names = [.. Enumerable.Range(0, 24).Select(i => $"Values/M{i}")];
        node.AddDevice("link", names.Select(n => (new MetricDefinition(n, SparkplugDataType.Double), MetricValue.FromDouble(0))));
        await using var transport = new MqttTransport(
            new MqttTransportOptions { Port = port, ClientId = "soak-1", ReconnectInitialDelay = TimeSpan.FromMilliseconds(200), ReconnectMaxDelay = TimeSpan.FromSeconds(2) },
            () => ToMqtt(node.CreateWill()));
        foreach (string filter in node.Subscriptions)
        {
            transport.Subscribe(filter);
        }

        transport.Connected += (_, _) =>
        {
            foreach (SparkplugMessage message in node.OnConnected())
            {
                transport.PublishFirst(ToMqtt(message)!);
            }
        };
        transport.Disconnected += (_, _) => node.OnDisconnected();
        transport.Start();

        var samples = new List<(double Seconds, long Heap, long WorkingSet)>();
        var clock = Stopwatch.StartNew();
        TimeSpan duration = TimeSpan.FromMinutes(minutes);
        TimeSpan nextCycle = s_brokerCycle;
        TimeSpan nextSample = TimeSpan.Zero;
        TimeSpan nextPrint = TimeSpan.Zero;
        int restarts = 0;
        Console.WriteLine($"soak: {minutes} min, publishing at {1 / s_publishPeriod.TotalSeconds:0} Hz to 127.0.0.1:{port}, broker down {s_brokerDown.TotalSeconds:0} s every {s_brokerCycle.TotalSeconds:0} s");
        using var timer = new PeriodicTimer(s_publishPeriod);
        long tick = 0;
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync())
        {
            tick++;
            for (int i = 0; i < names.Length; i++)
            {
                node.Set("link", names[i], MetricValue.FromDouble(Math.Sin((tick * 0.1) + i)));
            }

            foreach (SparkplugMessage message in node.Publish(DateTimeOffset.UtcNow))
            {
                transport.Publish(ToMqtt(message)!);
            }

            if (clock.Elapsed >= nextCycle)
            {
                nextCycle += s_brokerCycle;
                await broker.StopAsync(CancellationToken.None);
                await Task.Delay(s_brokerDown);
                await broker.StartAsync(CancellationToken.None);
                restarts++;
            }

            if (clock.Elapsed >= nextSample)
            {
                nextSample += s_samplePeriod;
                long heap = GC.GetTotalMemory(forceFullCollection: true);
                using var process = Process.GetCurrentProcess();
                samples.Add((clock.Elapsed.TotalSeconds, heap, process.WorkingSet64));
                if (clock.Elapsed >= nextPrint)
                {
                    nextPrint += s_printPeriod;
                    MqttTransportStatistics s = transport.GetStatistics();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{clock.Elapsed.TotalSeconds,6:0} s  heap {heap / 1024.0 / 1024.0,7:0.00} MiB  working set {process.WorkingSet64 / 1024.0 / 1024.0,7:0.0} MiB  " +
                        $"connects {s.Connects}  published {s.Published}  dropped {s.Dropped}  buffered {s.Buffered}  broker restarts {restarts}"));
                }
            }
        }

        return Verdict(samples, clock.Elapsed);
    }

    private static int Verdict(List<(double Seconds, long Heap, long WorkingSet)> samples, TimeSpan elapsed)
    {
        double end = elapsed.TotalSeconds;
        long first = samples.Where(s => s.Seconds <= 60).Max(s => s.Heap);
        long last = samples.Where(s => s.Seconds >= end - 60).Max(s => s.Heap);
        bool flat = last <= first * 1.10;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verdict: {(flat ? "FLAT" : "GROWING")} (last minute's max heap {last / 1024.0 / 1024.0:0.00} MiB vs first minute's {first / 1024.0 / 1024.0:0.00} MiB, limit +10 %)"));
        if (end < 120)
        {
            Console.WriteLine("note: shorter than 2 minutes, the first and last minute overlap; run --minutes 10 for a meaningful verdict");
        }

        return flat ? 0 : 1;
    }

    private static MqttOutgoingMessage? ToMqtt(SparkplugMessage? message) =>
        message is null ? null : new MqttOutgoingMessage(message.Topic, message.Payload, message.QualityOfService, message.Retain);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
