namespace NodeAgent.Node.Alarms;

/// <summary>What one evaluation of an alarm's condition says.</summary>
public enum AlarmSignal
{
    /// <summary>Between the raise and clear thresholds (or nothing measured): keep the present state.</summary>
    Hold,

    /// <summary>The raise condition holds.</summary>
    Raise,

    /// <summary>The clear condition holds.</summary>
    Clear,
}
