using Google.Protobuf;
using NodeAgent.Operator.CommandLine;
using NodeAgent.Operator.Model;
using NodeAgent.Telemetry.Mqtt;
using NodeAgent.Telemetry.Sparkplug;
using NodeAgent.Telemetry.Sparkplug.Protos;
using Metric = NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric;

namespace NodeAgent.Operator.Commands;

/// <summary>
/// <c>send</c>: publishes one NCMD/DCMD and waits for the edge node's answer, which SparkplugEdgeNode reports in
/// <c>Node Control/Last Command</c> (NDATA) or <c>Device Control/Last Command</c> (DDATA) as
/// <c>accepted &lt;metric&gt; = &lt;value&gt;</c> or <c>rejected &lt;metric&gt;: &lt;reason&gt; (&lt;detail&gt;)</c>. A rebirth
/// request is answered by a new NBIRTH instead.
/// </summary>
/// <remarks>
/// Births are not retained, so a late subscriber usually has not seen the alias of Last Command: without a birth, a
/// String metric of the answering message whose value starts with <c>accepted </c> or <c>rejected </c> is taken as
/// the answer.
/// </remarks>
internal static class SendCommand
{
    /// <returns>0 accepted, 1 rejected, no answer or no connection.</returns>
    public static async Task<int> RunAsync(SendSettings settings, ConsoleTarget console, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        string group = settings.Broker.Group;
        string node = settings.EdgeNodeId;
        string prefix = $"{SparkplugTopic.Namespace}/{group}";
        string[] filters =
        [
            $"{prefix}/NBIRTH/{node}", $"{prefix}/DBIRTH/{node}/+", $"{prefix}/NDATA/{node}", $"{prefix}/DDATA/{node}/+", $"{prefix}/NDEATH/{node}",
        ];
        var view = new FleetView(group);
        var gate = new Lock();
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool sent = false;
        MqttTransport transport = BrokerSession.Create(settings.Broker, "nodeagent-ops-send", filters, out Task connected);
        await using (transport.ConfigureAwait(false))
        {
            transport.MessageReceived += (topic, payload) =>
            {
                lock (gate)
                {
                    view.Apply(topic, payload.Span, time.GetUtcNow());
                    if (Volatile.Read(ref sent) && TryGetAnswer(settings, view, topic, payload.Span, out string? text))
                    {
                        answer.TrySetResult(text);
                    }
                }
            };
            transport.Start();

            try
            {
                await connected.WaitAsync(settings.Timeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                string reason = transport.GetStatistics().LastError ?? "no answer";
                await console.Error.WriteLineAsync($"nodeagent-ops: cannot reach the broker {settings.Broker.Display}: {reason}").ConfigureAwait(false);
                return 1;
            }

            MetricValue value;
            string typeSource;
            lock (gate)
            {
                (value, typeSource) = ResolveValue(settings, view);
            }

            SparkplugMessageType type = settings.DeviceId is null ? SparkplugMessageType.NCmd : SparkplugMessageType.DCmd;
            string commandTopic = settings.DeviceId is null
                ? SparkplugTopic.ForNode(group, type, node).ToString()
                : SparkplugTopic.ForDevice(group, type, node, settings.DeviceId).ToString();
            Volatile.Write(ref sent, true);
            transport.Publish(new MqttOutgoingMessage(commandTopic, CommandPayload.Encode(settings.Metric, value, time.GetUtcNow())));
            await console.Output.WriteLineAsync($"sent {SparkplugTopic.TypeToken(type)} {commandTopic}: {settings.Metric} = {value} ({typeSource})").ConfigureAwait(false);

            string result;
            try
            {
                result = await answer.Task.WaitAsync(settings.Timeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await console.Error.WriteLineAsync(
                    $"nodeagent-ops: no answer from {node} within {settings.Timeout.TotalSeconds:0.#} s (is it online, in group {group}?)").ConfigureAwait(false);
                return 1;
            }
            catch (OperationCanceledException)
            {
                await console.Error.WriteLineAsync("nodeagent-ops: cancelled before an answer came").ConfigureAwait(false);
                return 1;
            }

            await console.Output.WriteLineAsync($"{node}: {result}").ConfigureAwait(false);
            return IsAccepted(result) ? 0 : 1;
        }
    }

    /// <summary>Whether an answer accepts everything (a batch lists each outcome, separated by <c>; </c>).</summary>
    internal static bool IsAccepted(string answer) =>
        answer.StartsWith("accepted ", StringComparison.Ordinal) && !answer.Contains("rejected ", StringComparison.Ordinal)
        || answer.StartsWith("rebirth", StringComparison.Ordinal);

    private static (MetricValue Value, string Source) ResolveValue(SendSettings settings, FleetView view)
    {
        if (settings.DataType is SparkplugDataType forced)
        {
            CommandValueParser.TryParse(settings.Value, forced, out MetricValue v, out _); // checked by the parser
            return (v, settings.IsRebirth ? "rebirth request" : "datatype from --type");
        }

        EdgeNodeState? node = view.GetNode(settings.Broker.Group, settings.EdgeNodeId);
        MetricSet? metrics = settings.DeviceId is null ? node?.Metrics : node?.GetDevice(settings.DeviceId)?.Metrics;
        if (metrics?.Get(settings.Metric)?.DataType is SparkplugDataType born)
        {
            if (CommandValueParser.TryParse(settings.Value, born, out MetricValue v, out string? error))
            {
                return (v, "datatype from birth");
            }

            throw new UsageException($"value '{settings.Value}' for {settings.Metric}: {error} (the datatype its birth states)");
        }

        return (CommandValueParser.Infer(settings.Value), "datatype inferred: no birth seen; --type sets it");
    }

    private static bool TryGetAnswer(SendSettings settings, FleetView view, string topic, ReadOnlySpan<byte> payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? answer)
    {
        answer = null;
        if (!SparkplugTopic.TryParse(topic, out SparkplugTopic? parsed) || parsed.EdgeNodeId != settings.EdgeNodeId)
        {
            return false;
        }

        if (settings.IsRebirth)
        {
            if (parsed.MessageType != SparkplugMessageType.NBirth)
            {
                return false;
            }

            long? bdSeq = view.GetNode(settings.Broker.Group, settings.EdgeNodeId)?.BdSeq;
            answer = $"rebirth: new NBIRTH received (bdSeq {bdSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"})";
            return true;
        }

        SparkplugMessageType expected = settings.DeviceId is null ? SparkplugMessageType.NData : SparkplugMessageType.DData;
        if (parsed.MessageType != expected || parsed.DeviceId != settings.DeviceId)
        {
            return false;
        }

        Payload decoded;
        try
        {
            decoded = Payload.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }

        string lastCommand = settings.DeviceId is null ? LinkMetricNames.NodeLastCommand : LinkMetricNames.DeviceLastCommand;
        EdgeNodeState? node = view.GetNode(settings.Broker.Group, settings.EdgeNodeId);
        foreach (Metric metric in decoded.Metrics)
        {
            if (metric.ValueCase != Metric.ValueOneofCase.StringValue)
            {
                continue;
            }

            string? name = metric.HasName ? metric.Name
                : metric.HasAlias && node is not null && node.TryResolveAlias(metric.Alias, out EdgeNodeState.AliasEntry entry) ? entry.Name
                : null;
            bool looksLikeAnswer = metric.StringValue.StartsWith("accepted ", StringComparison.Ordinal)
                || metric.StringValue.StartsWith("rejected ", StringComparison.Ordinal);
            if (name == lastCommand || (name is null && looksLikeAnswer))
            {
                answer = metric.StringValue;
                return true;
            }
        }

        return false;
    }
}
