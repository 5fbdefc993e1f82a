using AuditTrail.Relational;
using Microsoft.Extensions.Options;

namespace AuditTrail.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlAuditStoreOptions"/>, collecting every problem into one result.</summary>
internal sealed class PostgreSqlAuditStoreOptionsValidator : IValidateOptions<PostgreSqlAuditStoreOptions>
{
    private const string Prefix = nameof(PostgreSqlAuditStoreOptions) + ".";

    public ValidateOptionsResult Validate(string? name, PostgreSqlAuditStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Collect(PostgreSqlAuditStoreOptions options)
    {
        var errors = new List<string>();

        if (!AuditSql.IsValidIdentifier(options.Schema))
        {
            errors.Add($"{Prefix}{nameof(options.Schema)} '{options.Schema}' is not valid: it must match {AuditSql.IdentifierPattern} " +
                "(letters, digits and underscores, not starting with a digit, at most 63 characters).");
        }
        else if (options.Schema.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Prefix}{nameof(options.Schema)} '{options.Schema}' starts with 'pg_', which PostgreSQL reserves for system schemas.");
        }

        if (AuditSql.GetTableNameProblem(options.TableName) is { } problem)
        {
            errors.Add($"{Prefix}{nameof(options.TableName)}: {problem}");
        }
        else if (options.TableName.Length > PostgreSqlAuditStoreOptions.MaxTableNameLength)
        {
            errors.Add($"{Prefix}{nameof(options.TableName)} '{options.TableName}' has {options.TableName.Length} characters; at most " +
                $"{PostgreSqlAuditStoreOptions.MaxTableNameLength} are allowed, so that the index and function names derived from it fit in 63.");
        }

        if (options.Partitioning is { MonthsAhead: < 1 or > PostgreSqlPartitioningOptions.MaxMonthsAhead } partitioning)
        {
            errors.Add($"{Prefix}{nameof(options.Partitioning)}.{nameof(partitioning.MonthsAhead)} is {partitioning.MonthsAhead}; it must be between 1 and " +
                $"{PostgreSqlPartitioningOptions.MaxMonthsAhead} (the months after the current one that get a partition ahead of time).");
        }

        return errors;
    }
}
