using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Checks each named consumer's options once, at start, and names every problem in one message.</summary>
internal sealed class AuditConsumerOptionsValidator : IValidateOptions<AuditConsumerOptions>
{
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, AuditConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = $"AuditConsumerOptions of consumer '{name}':";
        var errors = new List<string>();
        if (options.BatchSize is < 1 or > AuditConsumerOptions.MaxBatchSize)
        {
            errors.Add($"{prefix} BatchSize is {options.BatchSize}; it must be between 1 and {AuditConsumerOptions.MaxBatchSize}.");
        }

        // The upper limits keep every wait within what timers and the retry pipeline take (about 49 days, 1 day).
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > MaxPollInterval)
        {
            errors.Add($"{prefix} PollInterval is {options.PollInterval}; it must be positive and at most {MaxPollInterval}.");
        }

        if (options.LeaseDuration > MaxDelay)
        {
            errors.Add($"{prefix} LeaseDuration is {options.LeaseDuration}; it must be at most {MaxDelay}.");
        }
        // Compared only with a PollInterval in range (reported above otherwise): twice TimeSpan.MaxValue would overflow.
        else if ((options.PollInterval <= MaxPollInterval && options.LeaseDuration < options.PollInterval * 2) || options.LeaseDuration <= TimeSpan.Zero)
        {
            errors.Add($"{prefix} LeaseDuration is {options.LeaseDuration}; it must be at least twice PollInterval ({options.PollInterval}), so the lease is renewed before it expires.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > MaxDelay)
        {
            errors.Add($"{prefix} RetryBaseDelay is {options.RetryBaseDelay}; it must be positive and at most {MaxDelay}.");
        }

        if (options.RetryMaxDelay > MaxDelay)
        {
            errors.Add($"{prefix} RetryMaxDelay is {options.RetryMaxDelay}; it must be at most {MaxDelay}.");
        }
        else if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{prefix} RetryMaxDelay is {options.RetryMaxDelay}; it must not be below RetryBaseDelay ({options.RetryBaseDelay}).");
        }

        if (options.MaxLag is { } maxLag && maxLag <= TimeSpan.Zero)
        {
            errors.Add($"{prefix} MaxLag is {maxLag}; it must be positive, or null to never purge what the consumer has not handled.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
