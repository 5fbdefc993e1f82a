using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Validates <see cref="AuditTrailOptions"/> once, collecting every error into one message that names each option and its allowed values.</summary>
/// <param name="spool">The registered spool, if any: a spool directory without one would silently keep nothing.</param>
internal sealed class AuditTrailOptionsValidator(AuditSpoolRegistration? spool = null) : IValidateOptions<AuditTrailOptions>
{
    /// <summary>
    /// The longest retention period, 1000 years (as the CLI's longest duration): a purge computes "now - period",
    /// which past about 2000 years is before the first representable date; <see langword="null"/> keeps records forever.
    /// </summary>
    internal static readonly TimeSpan MaxRetentionPeriod = TimeSpan.FromDays(365_250);

    public ValidateOptionsResult Validate(string? name, AuditTrailOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.DeliveryMode))
        {
            errors.Add($"AuditTrailOptions.DeliveryMode is {(int)options.DeliveryMode}; allowed values are Durable and Buffered.");
        }

        Range(errors, "AuditTrailOptions.QueueCapacity", options.QueueCapacity, 1, 1_000_000);
        Range(errors, "AuditTrailOptions.MaxBatchSize", options.MaxBatchSize, 1, 10_000);
        Range(errors, "AuditTrailOptions.MaxWriteAttempts", options.MaxWriteAttempts, 1, 100);
        if (options.WriteRetryDelay < TimeSpan.Zero || options.WriteRetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"AuditTrailOptions.WriteRetryDelay is {options.WriteRetryDelay}; it must be between 00:00:00 and 00:01:00.");
        }

        if (options.GroupCommitWait < TimeSpan.Zero || options.GroupCommitWait > TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"AuditTrailOptions.GroupCommitWait is {options.GroupCommitWait}; it must be between 00:00:00 and 00:00:00.1 (100 ms).");
        }

        if (options.SensitiveNames.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("AuditTrailOptions.SensitiveNames holds an empty name; remove it.");
        }

        var retention = options.Retention;
        if (retention.Period is { } period && period < TimeSpan.FromDays(1))
        {
            errors.Add($"AuditTrailOptions.Retention.Period is {period}; it must be at least 1.00:00:00 (one day), or null to keep records forever.");
        }
        else if (retention.Period is { } longPeriod && longPeriod > MaxRetentionPeriod)
        {
            errors.Add($"AuditTrailOptions.Retention.Period is {longPeriod}; it must be at most {MaxRetentionPeriod} (1000 years), or null to keep records forever.");
        }

        if (retention.Interval < TimeSpan.FromSeconds(1) || retention.Interval > TimeSpan.FromDays(7))
        {
            errors.Add($"AuditTrailOptions.Retention.Interval is {retention.Interval}; it must be between 00:00:01 and 7.00:00:00.");
        }

        Range(errors, "AuditTrailOptions.Retention.BatchSize", retention.BatchSize, 1, 100_000);
        if (retention.MaxClockJump < TimeSpan.FromSeconds(1) || retention.MaxClockJump > TimeSpan.FromDays(1))
        {
            errors.Add($"AuditTrailOptions.Retention.MaxClockJump is {retention.MaxClockJump}; it must be between 00:00:01 and 1.00:00:00.");
        }

        if (retention.MaxClockDisagreement < TimeSpan.FromSeconds(1) || retention.MaxClockDisagreement > TimeSpan.FromDays(1))
        {
            errors.Add($"AuditTrailOptions.Retention.MaxClockDisagreement is {retention.MaxClockDisagreement}; it must be between 00:00:01 and 1.00:00:00.");
        }

        ValidateRetentionRules(errors, retention);
        if (options.Erasure.PseudonymKey is { Length: < AuditErasureOptions.MinimumKeyLength } key)
        {
            errors.Add($"AuditTrailOptions.Erasure.PseudonymKey is {key.Length} byte(s); it must be at least {AuditErasureOptions.MinimumKeyLength} (a random key, kept secret and never changed).");
        }

        ValidateFailurePolicies(errors, options);
        ValidateSpool(errors, options.Spool);
        ValidateIpPseudonymization(errors, options.SourceIpPseudonymization);
        AuditOcsfOptionsValidation.Collect(errors, options.Ocsf);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateRetentionRules(List<string> errors, AuditRetentionOptions retention)
    {
        for (var i = 0; i < retention.Rules.Count; i++)
        {
            var name = $"AuditTrailOptions.Retention.Rules[{i}]";
            if (retention.Rules[i] is not { } rule)
            {
                errors.Add($"{name} is null; remove it.");
                continue;
            }

            if (rule.ActionType is { } type && !Enum.IsDefined(type))
            {
                errors.Add($"{name}.ActionType is {(int)type}; it must be a defined AuditActionType, or null for any.");
            }

            if (rule.ActionCodePrefix is { } prefix && string.IsNullOrWhiteSpace(prefix))
            {
                errors.Add($"{name}.ActionCodePrefix is empty; set a prefix such as \"auth.\", or null for any action code.");
            }

            if (rule.TenantId is { } tenant && string.IsNullOrWhiteSpace(tenant))
            {
                errors.Add($"{name}.TenantId is empty; set a tenant, or null for any tenant.");
            }
            else if (rule.TenantId is { Length: > AuditLimits.TenantId } longTenant)
            {
                errors.Add($"{name}.TenantId is {longTenant.Length} characters long; records keep tenant ids of at most {AuditLimits.TenantId}, so it would match no record.");
            }

            if (rule.ActionType is null && rule.ActionCodePrefix is null && rule.TenantId is null)
            {
                errors.Add($"{name} matches every record (no ActionType, ActionCodePrefix or TenantId); set a criterion, or use AuditTrailOptions.Retention.Period for the default.");
            }

            if (rule.Period is { } period && period < TimeSpan.FromDays(1))
            {
                errors.Add($"{name}.Period is {period}; it must be at least 1.00:00:00 (one day), or null to keep the matching records forever.");
            }
            else if (rule.Period is { } longPeriod && longPeriod > MaxRetentionPeriod)
            {
                errors.Add($"{name}.Period is {longPeriod}; it must be at most {MaxRetentionPeriod} (1000 years), or null to keep the matching records forever.");
            }
        }
    }

    private static void ValidateFailurePolicies(List<string> errors, AuditTrailOptions options)
    {
        const string allowed = "allowed values are FailClosed and FailOpen";
        if (!Enum.IsDefined(options.FailurePolicy))
        {
            errors.Add($"AuditTrailOptions.FailurePolicy is {(int)options.FailurePolicy}; {allowed}.");
        }

        foreach (var (type, policy) in options.FailurePolicyByActionType)
        {
            if (!Enum.IsDefined(type))
            {
                errors.Add($"AuditTrailOptions.FailurePolicyByActionType has the key {(int)type}, which is not an AuditActionType.");
            }

            if (!Enum.IsDefined(policy))
            {
                errors.Add($"AuditTrailOptions.FailurePolicyByActionType[{type}] is {(int)policy}; {allowed}.");
            }
        }

        foreach (var (action, policy) in options.FailurePolicyByAction)
        {
            if (string.IsNullOrWhiteSpace(action))
            {
                errors.Add("AuditTrailOptions.FailurePolicyByAction has an empty action code; remove it.");
            }
            else if (!Enum.IsDefined(policy))
            {
                errors.Add($"AuditTrailOptions.FailurePolicyByAction[\"{action}\"] is {(int)policy}; {allowed}.");
            }
        }
    }

    private void ValidateSpool(List<string> errors, AuditSpoolOptions options)
    {
        if (options.Directory is { } directory)
        {
            if (options.Disabled)
            {
                errors.Add(
                    $"AuditTrailOptions.Spool.Disabled is true but AuditTrailOptions.Spool.Directory is '{directory}'; " +
                    "remove the directory to run without a spool, or set Disabled to false to spool there.");
            }
            else if (string.IsNullOrWhiteSpace(directory))
            {
                errors.Add("AuditTrailOptions.Spool.Directory is empty; set a directory path, or null for the store's default (AuditTrailOptions.Spool.Disabled = true for none).");
            }
            else if (directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                errors.Add($"AuditTrailOptions.Spool.Directory '{directory}' contains a character that is not allowed in a path.");
            }
            else if (spool is null)
            {
                errors.Add(
                    $"AuditTrailOptions.Spool.Directory is '{directory}' but no spool is registered: add the AuditTrail.Spool package " +
                    "and call UseFileSpool() on the builder that AddAuditTrail() returns (the SQLite, PostgreSQL and SQL Server stores do this).");
            }
        }

        const long minSize = 1L << 20;
        const long maxSize = 1L << 40;
        if (options.MaxSizeBytes < minSize || options.MaxSizeBytes > maxSize)
        {
            errors.Add($"AuditTrailOptions.Spool.MaxSizeBytes is {options.MaxSizeBytes}; it must be between {minSize} (1 MiB) and {maxSize} (1 TiB).");
        }

        if (options.ReplayInterval < TimeSpan.FromMilliseconds(10) || options.ReplayInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"AuditTrailOptions.Spool.ReplayInterval is {options.ReplayInterval}; it must be between 00:00:00.010 and 01:00:00.");
        }
    }

    private static void ValidateIpPseudonymization(List<string> errors, AuditIpPseudonymizationOptions pseudonymization)
    {
        const string option = "AuditTrailOptions.SourceIpPseudonymization";
        if (!Enum.IsDefined(pseudonymization.Mode))
        {
            errors.Add($"{option}.Mode is {(int)pseudonymization.Mode}; allowed values are None, Truncate and KeyedHash.");
        }

        Range(errors, $"{option}.IPv4PrefixLength", pseudonymization.IPv4PrefixLength, 0, 24);
        Range(errors, $"{option}.IPv6PrefixLength", pseudonymization.IPv6PrefixLength, 0, 64);

        const int minKey = AuditIpPseudonymizationOptions.MinKeyLength;
        var key = pseudonymization.Key;
        if (pseudonymization.Mode == AuditIpPseudonymizationMode.KeyedHash)
        {
            if (key is null || key.Length == 0)
            {
                errors.Add($"{option}.Key is not set; KeyedHash needs a secret key of at least {minKey} random bytes.");
            }
            else if (key.Length < minKey)
            {
                errors.Add($"{option}.Key is {key.Length} bytes long; KeyedHash needs at least {minKey}.");
            }
        }
        else if (key is not null)
        {
            // A key without the mode would quietly store raw addresses.
            errors.Add($"{option}.Key is set but {option}.Mode is {pseudonymization.Mode}; set Mode to KeyedHash, or remove the key.");
        }
    }

    private static void Range(List<string> errors, string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{option} is {value}; it must be between {min} and {max}.");
        }
    }
}
