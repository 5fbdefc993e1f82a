using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Validates <see cref="AuditRetentionOptions.Archive"/> at start: where segments go, their size and the table name.</summary>
internal sealed class AuditArchiveOptionsValidator(IServiceProvider services) : IValidateOptions<AuditTrailOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditTrailOptions options)
    {
        var archive = options.Retention.Archive;
        if (!archive.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(archive.Directory) && services.GetService<IAuditArchiveSink>() is null)
        {
            errors.Add("AuditTrailOptions.Retention.Archive.Enabled is true, but no archive is configured: set Retention.Archive.Directory (the folder of sealed segments) or register an IAuditArchiveSink.");
        }
        else if (!string.IsNullOrWhiteSpace(archive.Directory) && services.GetService<IAuditArchiveSink>() is null
            && AuditWritableDirectory.Problem(archive.Directory) is { } problem)
        {
            errors.Add($"AuditTrailOptions.Retention.Archive.Directory '{archive.Directory}' {problem}; give a folder this process can create and write.");
        }

        if (archive.MaxRecordsPerSegment is < 1 or > 1_000_000)
        {
            errors.Add($"AuditTrailOptions.Retention.Archive.MaxRecordsPerSegment is {archive.MaxRecordsPerSegment}; it must be between 1 and 1000000.");
        }

        if (string.IsNullOrWhiteSpace(archive.Table) || archive.Table.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.')))
        {
            errors.Add($"AuditTrailOptions.Retention.Archive.Table is '{archive.Table}'; it must be the audit table's name (ASCII letters, digits, '_' or '.').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
