namespace NodeAgent.Operator.CommandLine;

/// <summary>The usage text of <c>nodeagent-ops</c>.</summary>
internal static class Usage
{
    public const string Text = """
        nodeagent-ops: watch and command NodeAgent link ends over Sparkplug B (MQTT)

        usage:
          nodeagent-ops watch [connection] [--once] [--wait <seconds>]
          nodeagent-ops send  [connection] --node <edge node> [--device <device>] [--type <datatype>]
                              [--timeout <seconds>] <metric>=<value>
          nodeagent-ops send  [connection] --node <edge node> rebirth
          nodeagent-ops help

        connection:
          --broker <host:port>   MQTT broker (default 127.0.0.1:1883, or port 8883 with --tls)
          --group <group>        Sparkplug group id (default nodeagent)
          --tls                  connect with TLS
          --ca <file>            PEM file of the CA the broker's certificate must chain to (with --tls)
          --user <name>          MQTT user name
          --password <secret>    MQTT password (or set NODEAGENT_OPS_PASSWORD, kept out of the process list)

        watch:
          subscribes to spBv1.0/<group>/# and redraws a view of every edge node and device about once a second:
          rates, QBER, keys, blocks, alarm, last estimate, and charts of the secret key rate and QBER. Ctrl+C exits.
          --once                 print one frame after --wait seconds (default 3) and exit (0 if connected, else 1)

        send:
          publishes an NCMD (or a DCMD with --device) writing <metric>=<value>, then waits for the node's
          "Node Control/Last Command" (or "Device Control/Last Command") and prints it. The value is parsed by the
          metric's datatype from a birth seen meanwhile, by --type (Boolean, Int32, Int64, UInt32, UInt64, Float,
          Double, String, ...), or else inferred: true/false, an integer (Int64), a number (Double), or a string.
          "rebirth" sends Node Control/Rebirth=true and waits for the new NBIRTH.
          --timeout <seconds>    how long to wait for the answer (default 5)

        exit codes: 0 success (command accepted), 1 rejected, no answer or no connection, 2 usage error

        examples:
          nodeagent-ops watch
          nodeagent-ops watch --broker broker.lab:8883 --tls --ca lab-ca.pem --user ops --once
          nodeagent-ops send --node sim-link-1-alice rebirth
          nodeagent-ops send --node sim-link-1-bob --device link "Settings/Target=12.5"
        """;
}
