namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>A command (or a whole command payload) that was refused, with the reason.</summary>
/// <param name="Target">The metric as the host addressed it (its name, or <c>alias N</c>); empty for the whole payload.</param>
/// <param name="Reason">The kind of refusal.</param>
/// <param name="Detail">A short human-readable explanation (never contains payload bytes).</param>
public readonly record struct SparkplugCommandRejection(string Target, SparkplugRejectionReason Reason, string Detail)
{
    /// <summary>The rejection as one line, e.g. <c>rejected Link/Mode: WrongDataType (expected Int32)</c>.</summary>
    public override string ToString() =>
        Target.Length == 0 ? $"rejected payload: {Reason} ({Detail})" : $"rejected {Target}: {Reason} ({Detail})";
}
