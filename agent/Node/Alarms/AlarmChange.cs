namespace NodeAgent.Node.Alarms;

/// <summary>What an <see cref="Alarm.Update"/> did; each is reported exactly once per transition.</summary>
public enum AlarmChange
{
    /// <summary>No transition (an active alarm that stays active is not reported again).</summary>
    None,

    /// <summary>The alarm became active.</summary>
    Raised,

    /// <summary>The alarm became inactive.</summary>
    Cleared,
}
