namespace NodeAgent.Operator.CommandLine;

/// <summary>The command line is wrong; the message says how (exit code 2, with the usage text).</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
