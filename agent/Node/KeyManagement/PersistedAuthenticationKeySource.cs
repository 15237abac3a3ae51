using System.Globalization;
using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.KeyManagement;

/// <summary>
/// The bootstrap pads of an end with its reservations and accepted session starts kept in a small state file, so a
/// restarted process neither reuses a pad nor accepts a replayed Hello: the interim durable source until the key
/// store holds the pads (and their replenishment from distilled key).
/// </summary>
/// <remarks>
/// The pads themselves are not stored: the bootstrap derives the same material at every start. The file holds lines
/// <c>reserved &lt;direction&gt; &lt;next index&gt;</c> and <c>accepted &lt;direction&gt; &lt;index&gt;</c>, rewritten
/// (temporary file, flush to disk, rename) before <see cref="ReservePads"/> or <see cref="TryAcceptSessionStart"/>
/// returns. Thread-safe.
/// </remarks>
public sealed class PersistedAuthenticationKeySource : IAuthenticationKeySource, IDisposable
{
    private readonly InMemoryAuthenticationKeySource _pads;
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly long[] _next = new long[2];
    private readonly SortedSet<long>[] _accepted = [[], []];

    /// <summary>Takes ownership of <paramref name="pads"/> and replays the state in <paramref name="path"/> into it.</summary>
    public PersistedAuthenticationKeySource(InMemoryAuthenticationKeySource pads, string path)
    {
        _pads = pads;
        _path = path;
        if (!File.Exists(path))
        {
            return;
        }

        foreach (string line in File.ReadAllLines(path))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || !Enum.TryParse(fields[1], out PadDirection direction)
                || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long index))
            {
                throw new InvalidDataException($"Authentication state file '{path}' has a malformed line.");
            }

            if (fields[0] == "reserved")
            {
                // Everything below the recorded next index was handed out before the restart: never again.
                long skip = Math.Min(index, pads.PadsAvailable(direction));
                while (skip > 0)
                {
                    int chunk = (int)Math.Min(skip, int.MaxValue);
                    pads.ReservePads(direction, chunk);
                    skip -= chunk;
                }

                _next[(int)direction] = index;
            }
            else if (fields[0] == "accepted")
            {
                pads.TryAcceptSessionStart(direction, index);
                _accepted[(int)direction].Add(index);
            }
        }
    }

    /// <inheritdoc />
    public long ReservePads(PadDirection direction, int count)
    {
        lock (_lock)
        {
            long first = _pads.ReservePads(direction, count);
            _next[(int)direction] = first + count;
            Save();
            return first;
        }
    }

    /// <inheritdoc />
    public bool TryReadPads(PadDirection direction, long firstIndex, int count, Span<byte> destination) =>
        _pads.TryReadPads(direction, firstIndex, count, destination);

    /// <inheritdoc />
    public bool TryAcceptSessionStart(PadDirection direction, long index)
    {
        lock (_lock)
        {
            if (!_pads.TryAcceptSessionStart(direction, index))
            {
                return false;
            }

            SortedSet<long> accepted = _accepted[(int)direction];
            accepted.Add(index);
            accepted.RemoveWhere(start => start <= accepted.Max - IAuthenticationKeySource.SessionStartWindow);
            Save();
            return true;
        }
    }

    /// <inheritdoc />
    public long PadsAvailable(PadDirection direction) => _pads.PadsAvailable(direction);

    /// <summary>Zeroes the pads.</summary>
    public void Dispose() => _pads.Dispose();

    private void Save()
    {
        var lines = new List<string>();
        foreach (PadDirection direction in Enum.GetValues<PadDirection>())
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"reserved {direction} {_next[(int)direction]}"));
            lines.AddRange(_accepted[(int)direction].Select(start => string.Create(CultureInfo.InvariantCulture, $"accepted {direction} {start}")));
        }

        string temporary = _path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(file))
        {
            foreach (string line in lines)
            {
                writer.WriteLine(line);
            }

            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }
}
