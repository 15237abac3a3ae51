namespace NodeAgent.Node.Configuration;

/// <summary>Which end of the link this process runs.</summary>
public enum NodeRole
{
    /// <summary>Both ends in one process over loopback: the zero-setup demonstration and test mode.</summary>
    Both = 0,

    /// <summary>The transmitter end: listens for its peer, answers its questions.</summary>
    Alice = 1,

    /// <summary>The receiver end: holds the detectors, connects to Alice and drives the protocol.</summary>
    Bob = 2,
}
