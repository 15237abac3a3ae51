namespace NodeAgent.Timing.Ptp;

/// <summary>Management IDs the monitor asks for (IEEE 1588-2008 Table 40; 0xC000 is linuxptp's implementation-specific range).</summary>
public enum PtpManagementId : ushort
{
    /// <summary>currentDS: stepsRemoved, offsetFromMaster, meanPathDelay.</summary>
    CurrentDataSet = 0x2001,

    /// <summary>portDS: the port's identity, state and message intervals.</summary>
    PortDataSet = 0x2004,

    /// <summary>linuxptp's TIME_STATUS_NP: master offset, ingress time of the last sync, grandmaster.</summary>
    TimeStatusNp = 0xC000,
}
