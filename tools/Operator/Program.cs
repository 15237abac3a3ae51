using NodeAgent.Operator;
using NodeAgent.Operator.Commands;

// nodeagent-ops: the operator CLI (watch, send). All logic is in OperatorCli; this only wires the console and Ctrl+C.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the command end cleanly (restore the cursor, close the MQTT connection)
    stop.Cancel();
};
Console.OutputEncoding = System.Text.Encoding.UTF8;
return await OperatorCli.RunAsync(args, ConsoleTarget.FromConsole(), TimeProvider.System, stop.Token).ConfigureAwait(false);
