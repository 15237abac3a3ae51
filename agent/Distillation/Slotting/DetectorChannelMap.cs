using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Distillation.Slotting;

/// <summary>Maps a time-tagger input channel to the BB84 outcome (basis, bit) its detector reports.</summary>
/// <remarks>Immutable, so one instance may be shared between threads.</remarks>
public sealed class DetectorChannelMap
{
    private readonly (Basis Basis, byte Bit)[] _channels;

    /// <summary>Creates a map where channel i reports <paramref name="channels"/>[i].</summary>
    public DetectorChannelMap(IReadOnlyList<(Basis Basis, byte Bit)> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            throw new ArgumentException("A detector channel map needs at least one channel.", nameof(channels));
        }

        _channels = new (Basis, byte)[channels.Count];
        for (int i = 0; i < channels.Count; i++)
        {
            (Basis basis, byte bit) = channels[i];
            if (basis is not (Basis.Z or Basis.X))
            {
                throw new ArgumentException($"Channel {i} has an undefined basis value {(int)basis}.", nameof(channels));
            }

            if (bit > 1)
            {
                throw new ArgumentException($"Channel {i} has bit value {bit}; bits are 0 or 1.", nameof(channels));
            }

            _channels[i] = (basis, bit);
        }
    }

    /// <summary>
    /// The passive-basis four-detector receiver: channel 0 = Z/0, 1 = Z/1, 2 = X/0, 3 = X/1.
    /// </summary>
    public static DetectorChannelMap FourDetectorPassive { get; } =
        new([(Basis.Z, 0), (Basis.Z, 1), (Basis.X, 0), (Basis.X, 1)]);

    /// <summary>Number of mapped channels (0 .. ChannelCount-1).</summary>
    public int ChannelCount => _channels.Length;

    /// <summary>Looks up a channel; false for channels outside the map (e.g. a sync or monitor input).</summary>
    public bool TryMap(int channel, out Basis basis, out byte bit)
    {
        if ((uint)channel < (uint)_channels.Length)
        {
            (basis, bit) = _channels[channel];
            return true;
        }

        basis = default;
        bit = 0;
        return false;
    }
}
