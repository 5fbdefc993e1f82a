using AuditTrail.Cli.Export;

namespace AuditTrail.Samples.Console;

/// <summary>The sample's command line: <c>--db &lt;file&gt; --export &lt;csv file&gt;</c>, both optional.</summary>
internal sealed record SampleArguments(string DatabasePath, string ExportPath)
{
    public static SampleArguments Parse(string[] args)
    {
        var db = Path.Combine("artifacts", "sample", "audit.db");
        var export = Path.Combine("artifacts", "sample", "audit-export.csv");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db":
                    db = Value(args, ref i);
                    break;
                case "--export":
                    export = Value(args, ref i);
                    break;
                case "--help" or "-h":
                    throw new ArgumentException(Usage);
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        var (database, csv) = (Path.GetFullPath(db), Path.GetFullPath(export));
        if (Directory.Exists(database))
        {
            throw new ArgumentException($"Option --db: '{db}' is a folder; give the database file's path, such as '{Path.Combine(db, "audit.db")}'.\n{Usage}");
        }

        if (Directory.Exists(csv))
        {
            throw new ArgumentException($"Option --export: '{export}' is a folder; give the CSV file's path, such as '{Path.Combine(export, "audit-export.csv")}'.\n{Usage}");
        }

        // Compared with links resolved: File.Create writes through a link, so one to the database would truncate it.
        var (realDatabase, realCsv) = (RealPath.Of(database), RealPath.Of(csv));
        if (StoreFileSuffixes.Any(suffix => string.Equals(realCsv, realDatabase + suffix, StringComparison.OrdinalIgnoreCase)
            || string.Equals(realCsv, RealPath.Of(database + suffix), StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"Option --export: '{export}' is a file of the database given as --db; the CSV would overwrite the trail.\n{Usage}");
        }

        return new SampleArguments(database, csv);
    }

    /// <summary>The database file and those SQLite and the search index keep beside it.</summary>
    private static readonly string[] StoreFileSuffixes = ["", "-wal", "-shm", "-journal", "-fts", "-fts-wal", "-fts-shm", "-fts-journal"];

    public const string Usage = "Usage: dotnet run --project samples/AuditTrail.Samples.Console -- [--db <sqlite file>] [--export <csv file>]";

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]) || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Option {args[i]} needs a file path.\n{Usage}");
        }

        return args[++i];
    }
}
