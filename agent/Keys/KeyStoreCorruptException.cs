namespace NodeAgent.Keys;

/// <summary>The store's contents fail their integrity checks (or the master key is not the one that sealed them).</summary>
public sealed class KeyStoreCorruptException : Exception
{
    public KeyStoreCorruptException(string message)
        : base(message)
    {
    }

    public KeyStoreCorruptException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
