using System.Globalization;

namespace AuditTrail.FaultHost;

internal sealed record FaultHostArguments(string Database, string Spool, int Workers, double Flaky, int Seed, bool Drain, bool Down)
{
    public static FaultHostArguments Parse(string[] args)
    {
        string? database = null;
        string? spool = null;
        var workers = 4;
        var flaky = 0.0;
        var seed = 0;
        var drain = false;
        var down = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db":
                    database = args[++i];
                    break;
                case "--spool":
                    spool = args[++i];
                    break;
                case "--workers":
                    workers = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--flaky":
                    flaky = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--drain":
                    drain = true;
                    break;
                case "--down":
                    down = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new FaultHostArguments(
            database ?? throw new ArgumentException("--db is required."),
            spool ?? throw new ArgumentException("--spool is required."),
            workers,
            flaky,
            seed,
            drain,
            down);
    }
}
