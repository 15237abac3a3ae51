namespace NodeAgent.Operator.CommandLine;

/// <summary>A parsed command line: <see cref="WatchSettings"/>, <see cref="SendSettings"/> or <see cref="HelpCommand"/>.</summary>
internal abstract record OperatorCommand;

/// <summary><c>help</c>, <c>--help</c> or <c>-h</c>: print the usage and exit 0.</summary>
internal sealed record HelpCommand : OperatorCommand;
