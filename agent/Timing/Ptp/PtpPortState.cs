namespace NodeAgent.Timing.Ptp;

/// <summary>portDS.portState (IEEE 1588-2008 Table 8).</summary>
public enum PtpPortState : byte
{
    Initializing = 1,
    Faulty = 2,
    Disabled = 3,
    Listening = 4,
    PreMaster = 5,
    Master = 6,
    Passive = 7,
    Uncalibrated = 8,
    Slave = 9,
}
