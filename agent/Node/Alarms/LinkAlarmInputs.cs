using NodeAgent.Hal.Environment;
using NodeAgent.Hal.Timing;
using NodeAgent.Node.Hosting;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Alarms;

/// <summary>What the link alarms of one end are computed from, read at one instant.</summary>
/// <param name="PipelineAlarm">The pipeline's alarm of the last block (<c>LinkEndStatistics.Alarm</c>).</param>
/// <param name="LastQber">The last block's test-basis QBER (NaN before the first).</param>
/// <param name="SecretBits">Secret bits committed so far.</param>
/// <param name="KeysStored">Keys in the store.</param>
/// <param name="PeerFramesReceived">Frames received from the peer so far.</param>
/// <param name="PeerConnections">Sessions established so far.</param>
/// <param name="PeerFailures">Peer channel failures of every kind so far.</param>
/// <param name="TemperatureSensor">Where the end's temperature sensor sits (null: no sensor).</param>
/// <param name="TemperatureCelsius">Its reading (NaN: the sensor did not answer).</param>
/// <param name="Running">False while the link is stopped on purpose (<c>Link/Running</c>).</param>
/// <param name="Sync">State of the end's timebase (null: none to watch).</param>
/// <param name="SyncUncertaintyPs">Its current uncertainty, picoseconds.</param>
/// <param name="IdleChannel">A detector channel that gave no detection over the last period while others did (null: none).</param>
/// <param name="AuthenticationPads">Pads the end has left to send with (null: not known).</param>
/// <param name="PtpProblem">Why the host is not synchronised to PTP (null: it is, or no PTP monitor runs).</param>
public readonly record struct LinkAlarmInputs(
    LinkAlarm PipelineAlarm, double LastQber, long SecretBits, int KeysStored,
    long PeerFramesReceived, long PeerConnections, long PeerFailures,
    string? TemperatureSensor, double TemperatureCelsius, bool Running,
    TimebaseState? Sync = null, double SyncUncertaintyPs = 0, int? IdleChannel = null, string? PtpProblem = null, long? AuthenticationPads = null)
{
    /// <summary>Reads the inputs of <paramref name="end"/>, its sensor and its timebase now.</summary>
    public static LinkAlarmInputs Of(
        LinkEnd end, ITemperatureSensor? sensor, bool running, ITimebase? timebase = null, int? idleChannel = null, string? ptpProblem = null)
    {
        double celsius = double.NaN;
        if (sensor is not null && !sensor.TryReadCelsius(out celsius))
        {
            celsius = double.NaN;
        }

        return new(
            end.Statistics.Alarm, end.Statistics.LastQber, end.Statistics.SecretBits, end.Store.Count,
            end.Statistics.PeerLink.FramesReceived, end.Statistics.PeerLink.Connections, end.Statistics.PeerLink.TotalFailures,
            sensor?.Location, celsius, running, timebase?.State, timebase?.UncertaintyPicoseconds ?? 0, idleChannel, ptpProblem,
            end.AuthenticationPadsAvailable());
    }
}
