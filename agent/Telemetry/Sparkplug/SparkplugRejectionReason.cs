namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>Why a received NCMD/DCMD (or one metric of it) was not carried out.</summary>
public enum SparkplugRejectionReason
{
    /// <summary>The payload is not a Sparkplug B protobuf, or a metric has neither name nor alias.</summary>
    Malformed,
    /// <summary>The payload is larger than the configured maximum.</summary>
    Oversized,
    /// <summary>No metric of that name or alias was born on the addressed node or device.</summary>
    UnknownMetric,
    /// <summary>The datatype or value field does not match the metric's datatype.</summary>
    WrongDataType,
    /// <summary>The metric exists but host applications may not write it.</summary>
    NotWritable,
    /// <summary>The value is null or out of range for the datatype.</summary>
    InvalidValue,
    /// <summary>No command handler is registered.</summary>
    NoHandler,
    /// <summary>The registered handler refused the command.</summary>
    HandlerRejected,
}
