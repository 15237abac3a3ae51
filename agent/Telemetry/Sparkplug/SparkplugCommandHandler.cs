namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// Carries out a validated command. Called by <see cref="SparkplugEdgeNode.OnMessageReceived"/> on the caller's
/// thread with the node's lock held; it must be quick and must not block on other threads that use the node.
/// </summary>
public delegate SparkplugCommandResult SparkplugCommandHandler(SparkplugCommand command);
