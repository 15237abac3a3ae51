using System.Globalization;

using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Hosting;

/// <summary>Formats the once-a-second status line of an end from two snapshots of its counters.</summary>
public static class StatusLine
{
    /// <summary>A snapshot of the counters a status line needs.</summary>
    public readonly record struct Snapshot(long Detections, long SiftedBits, long SecretBits, int Keys, long Accepted, long Discarded, double Qber, LinkAlarm Alarm = LinkAlarm.None)
    {
        /// <summary>Reads the counters of <paramref name="end"/> now.</summary>
        public static Snapshot Of(LinkEnd end) => new(
            end.Statistics.Detections, end.Statistics.SiftedBits, end.Statistics.SecretBits, end.Store.Count,
            end.Statistics.BlocksAccepted, end.Statistics.BlocksDiscarded, end.Statistics.LastQber, end.Statistics.Alarm);
    }

    /// <summary>"alice  det/s  1.23M  sifted/s 612.3k  QBER  2.31%  secret/s 301.2k  keys 1234  blocks 12/0".</summary>
    public static string Format(string name, Snapshot previous, Snapshot current, TimeSpan elapsed)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        string qber = double.IsNaN(current.Qber) ? "   -  " : current.Qber.ToString("P2", CultureInfo.InvariantCulture).PadLeft(6);
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-5}  det/s {Rate(current.Detections - previous.Detections, seconds),7}  sifted/s {Rate(current.SiftedBits - previous.SiftedBits, seconds),7}  " +
            $"QBER {qber}  secret/s {Rate(current.SecretBits - previous.SecretBits, seconds),7}  keys {current.Keys,7}  " +
            $"blocks {current.Accepted} ok / {current.Discarded} discarded{AlarmText(current.Alarm)}");
    }

    private static string AlarmText(LinkAlarm alarm) => alarm switch
    {
        LinkAlarm.Qber => "  ALARM: QBER (possible eavesdropping)",
        LinkAlarm.DetectionStatistics => "  ALARM: detection statistics (possible detector control)",
        _ => "",
    };

    /// <summary>A rate with an SI suffix: 950, 12.3k, 1.23M.</summary>
    public static string Rate(long count, double seconds)
    {
        double rate = count / seconds;
        return rate switch
        {
            >= 1e9 => (rate / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + "G",
            >= 1e6 => (rate / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + "M",
            >= 1e3 => (rate / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k",
            _ => rate.ToString("0", CultureInfo.InvariantCulture),
        };
    }
}
