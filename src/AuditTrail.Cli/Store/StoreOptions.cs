using System.CommandLine;
using AuditTrail.Cli.Commands;
using AuditTrail.Relational;

namespace AuditTrail.Cli.Store;

/// <summary>
/// The options that name a store, shared by every command that opens one: <c>--sqlite &lt;file&gt;</c> or
/// <c>--postgres &lt;connection string&gt;</c>, with <c>--table</c> (and <c>--schema</c> for PostgreSQL).
/// </summary>
internal sealed class StoreOptions
{
    private readonly Option<string?> _sqlite = new Option<string?>("--sqlite") { Description = "The SQLite database file.", HelpName = "file" }.NotBlankPath();
    private readonly Option<string?> _postgres = new("--postgres") { Description = "The PostgreSQL connection string.", HelpName = "connection string" };
    private readonly Option<string?> _table = new("--table") { Description = "The audit table (default audit_events).", HelpName = "name" };
    private readonly Option<string?> _schema = new("--schema") { Description = "The PostgreSQL schema (default public).", HelpName = "name" };

    /// <summary>Adds the options to <paramref name="command"/>, with a check that exactly one store is given (at most one when <paramref name="optional"/>).</summary>
    public StoreOptions(Command command, bool optional = false)
    {
        command.Options.Add(_sqlite);
        command.Options.Add(_postgres);
        command.Options.Add(_table);
        command.Options.Add(_schema);
        command.Validators.Add(result =>
        {
            var sqlite = result.GetResult(_sqlite) is not null;
            var postgres = result.GetResult(_postgres) is not null;
            if ((sqlite && postgres) || (!optional && !sqlite && !postgres))
            {
                result.AddError(optional
                    ? "Give at most one store: --sqlite <file> or --postgres <connection string>."
                    : "Give exactly one store: --sqlite <file> or --postgres <connection string>.");
            }
            else if (sqlite && result.GetResult(_schema) is not null)
            {
                result.AddError("Option --schema applies to --postgres only.");
            }
        });
    }

    /// <summary>The store the parsed command line names; a missing SQLite file is a <see cref="CliConnectionException"/>.</summary>
    public StoreConnection Read(ParseResult parseResult)
    {
        var connection = ReadNewOrExisting(parseResult);
        if (connection.SqlitePath is not null && !File.Exists(connection.SqlitePath))
        {
            throw new CliConnectionException($"Option --sqlite: the SQLite database '{connection.SqlitePath}' does not exist.");
        }

        return connection;
    }

    /// <summary>The store the parsed command line names, which need not exist yet (see <see cref="StoreConnection.OpenOrCreateAsync"/>).</summary>
    public StoreConnection ReadNewOrExisting(ParseResult parseResult)
    {
        var connection = new StoreConnection(
            parseResult.GetValue(_sqlite),
            parseResult.GetValue(_postgres),
            parseResult.GetValue(_table),
            parseResult.GetValue(_schema));
        if (connection.Table is not null && AuditSql.GetTableNameProblem(connection.Table) is { } problem)
        {
            throw new CliUsageException($"Option --table: {problem}");
        }

        if (connection.SqlitePath is not null && Directory.Exists(connection.SqlitePath))
        {
            throw new CliConnectionException($"Option --sqlite: '{connection.SqlitePath}' is a directory, not a SQLite database file.");
        }

        return connection;
    }

    /// <summary>The store the parsed command line names, or <see langword="null"/> when it names none (an optional store).</summary>
    public StoreConnection? ReadOptional(ParseResult parseResult) =>
        parseResult.GetValue(_sqlite) is null && parseResult.GetValue(_postgres) is null ? null : Read(parseResult);
}
