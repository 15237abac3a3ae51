namespace NodeAgent.Node.Alarms;

/// <summary>
/// One alarm's state: raised by a <see cref="AlarmSignal.Raise"/>, held active for at least
/// <see cref="MinimumHold"/>, cleared by a <see cref="AlarmSignal.Clear"/> after that. Transitions are reported once
/// each (<see cref="AlarmChange"/>), never every period while the state stays the same.
/// </summary>
/// <remarks>Not thread-safe: one evaluating caller; readers on other threads see a consistent pair only from that caller.</remarks>
public sealed class Alarm
{
    private readonly TimeProvider _time;
    private long _raisedAt;

    /// <summary>An inactive alarm.</summary>
    public Alarm(string name, TimeSpan minimumHold, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumHold, TimeSpan.Zero);
        Name = name;
        MinimumHold = minimumHold;
        _time = time;
    }

    /// <summary>The alarm's name, as published (<c>Alarms/&lt;Name&gt;/Active</c>).</summary>
    public string Name { get; }

    /// <summary>How long a raised alarm stays active at least, whatever the clear condition says.</summary>
    public TimeSpan MinimumHold { get; }

    /// <summary>Whether the alarm is active.</summary>
    public bool IsActive { get; private set; }

    /// <summary>What the alarm says while active (the latest raise message); empty while inactive.</summary>
    public string Message { get; private set; } = "";

    /// <summary>Applies one evaluation; returns the transition, if any.</summary>
    /// <param name="signal">What the condition says now.</param>
    /// <param name="message">The operator's message for a raise (kept up to date while active).</param>
    public AlarmChange Update(AlarmSignal signal, string message = "")
    {
        switch (signal)
        {
            case AlarmSignal.Raise when !IsActive:
                IsActive = true;
                Message = message;
                _raisedAt = _time.GetTimestamp();
                return AlarmChange.Raised;
            case AlarmSignal.Raise:
                Message = message;
                return AlarmChange.None;
            case AlarmSignal.Clear when IsActive && _time.GetElapsedTime(_raisedAt) >= MinimumHold:
                IsActive = false;
                Message = "";
                return AlarmChange.Cleared;
            default:
                return AlarmChange.None;
        }
    }
}
