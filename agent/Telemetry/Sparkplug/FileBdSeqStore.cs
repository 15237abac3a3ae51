using System.Globalization;

namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// A bdSeq store in a small text file holding the decimal number. Saves write a temporary file beside it, flush it
/// to disk and rename it over the old one, so a crash leaves either the old or the new number, never a torn file.
/// A missing or unreadable file loads as "never saved" (the node starts again at 0). Thread-safe within a process;
/// one node per file.
/// </summary>
public sealed class FileBdSeqStore : IBdSeqStore
{
    private readonly Lock _gate = new();

    /// <summary>Creates a store at <paramref name="path"/>; its directory is created on the first save.</summary>
    public FileBdSeqStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public bool TryLoad(out byte lastBdSeq)
    {
        lock (_gate)
        {
            lastBdSeq = 0;
            try
            {
                string text = File.ReadAllText(Path).Trim();
                return byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out lastBdSeq);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(byte bdSeq)
    {
        lock (_gate)
        {
            string? directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            string temporary = Path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                byte[] bytes = System.Text.Encoding.ASCII.GetBytes(bdSeq.ToString(CultureInfo.InvariantCulture) + "\n");
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
    }
}
