namespace NodeAgent.Operator.CommandLine;

/// <summary>The <c>watch</c> command: live view of every node of a group.</summary>
/// <param name="Broker">Connection and group.</param>
/// <param name="Once">Print one frame after <paramref name="Wait"/> and exit.</param>
/// <param name="Wait">How long <c>--once</c> collects messages before its frame.</param>
internal sealed record WatchSettings(BrokerSettings Broker, bool Once, TimeSpan Wait) : OperatorCommand;
