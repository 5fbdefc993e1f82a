using AuditTrail.Relational;
using Microsoft.Extensions.Options;

namespace AuditTrail.SqlServer;

/// <summary>Validates <see cref="SqlServerAuditStoreOptions"/>, collecting every problem into one result.</summary>
internal sealed class SqlServerAuditStoreOptionsValidator : IValidateOptions<SqlServerAuditStoreOptions>
{
    private const string Prefix = nameof(SqlServerAuditStoreOptions) + ".";

    public ValidateOptionsResult Validate(string? name, SqlServerAuditStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Collect(SqlServerAuditStoreOptions options)
    {
        var errors = new List<string>();

        if (!AuditSql.IsValidIdentifier(options.Schema))
        {
            errors.Add($"{Prefix}{nameof(options.Schema)} '{options.Schema}' is not valid: it must match {AuditSql.IdentifierPattern} " +
                "(letters, digits and underscores, not starting with a digit, at most 63 characters).");
        }
        else if (options.Schema.Equals("sys", StringComparison.OrdinalIgnoreCase) || options.Schema.Equals("INFORMATION_SCHEMA", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Prefix}{nameof(options.Schema)} '{options.Schema}' is a system schema of SQL Server.");
        }

        if (AuditSql.GetTableNameProblem(options.TableName) is { } problem)
        {
            errors.Add($"{Prefix}{nameof(options.TableName)}: {problem}");
        }

        return errors;
    }
}
