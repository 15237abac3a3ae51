namespace NodeAgent.Timing.Ptp;

/// <summary>What one poll of ptp4l found, and the monitor's judgement of it.</summary>
/// <param name="Synchronised">Port in SLAVE and the last sync recent (ingress time advancing).</param>
/// <param name="Reason">Why not synchronised (empty when synchronised).</param>
/// <param name="PortState">portDS.portState, when ptp4l answered.</param>
/// <param name="TimeStatus">TIME_STATUS_NP, when ptp4l answered.</param>
/// <param name="Current">CURRENT_DATA_SET, when ptp4l answered.</param>
/// <param name="SyncAge">Time since the ingress time last changed, by the monitor's clock.</param>
public sealed record PtpSyncStatus(
    bool Synchronised,
    string Reason,
    PtpPortState? PortState,
    TimeStatusNp? TimeStatus,
    CurrentDataSet? Current,
    TimeSpan? SyncAge)
{
    /// <summary>A one-line account for logs.</summary>
    public override string ToString() =>
        (Synchronised ? "synchronised" : $"not synchronised ({Reason})")
        + (PortState is { } state ? $", port {state}" : "")
        + (TimeStatus is { } ts ? $", master offset {ts.MasterOffsetNs} ns, gmPresent {ts.GmPresent}, gm {ts.GmIdentityText}" : "")
        + (Current is { } cds ? $", steps {cds.StepsRemoved}, path delay {cds.MeanPathDelayNs:F0} ns" : "");
}
