namespace NodeAgent.Operator.Model;

/// <summary>What <see cref="FleetView.Apply"/> did with a message.</summary>
internal enum FleetApplyResult
{
    /// <summary>The message updated the model.</summary>
    Applied,
    /// <summary>Not a message the view tracks (another group, STATE, NCMD/DCMD, or not a Sparkplug topic).</summary>
    Ignored,
    /// <summary>The payload is not a Sparkplug B protobuf; counted in <see cref="FleetView.GarbagePayloads"/>.</summary>
    Garbage,
}
