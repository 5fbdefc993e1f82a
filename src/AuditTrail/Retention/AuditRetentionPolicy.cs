namespace AuditTrail;

/// <summary>
/// The retention period of a record under <see cref="AuditRetentionOptions"/>: the longest period among the rules that
/// match it, or the default <see cref="AuditRetentionOptions.Period"/> when none does; <see langword="null"/> is forever.
/// </summary>
/// <param name="options">The validated retention options.</param>
internal sealed class AuditRetentionPolicy(AuditRetentionOptions options)
{
    /// <summary>Whether any period is set, so that some record can ever expire.</summary>
    public bool IsActive => options.Period is not null || options.Rules.Any(r => r.Period is not null);

    /// <summary>The period a record of this category is kept, or <see langword="null"/> to keep it forever.</summary>
    /// <param name="actionType">The record's action type.</param>
    /// <param name="action">The record's action code.</param>
    /// <param name="tenantId">The record's tenant, if any.</param>
    /// <returns>The period, and the index of the rule that gave it (-1 for the default).</returns>
    public (TimeSpan? Period, int Rule) PeriodFor(AuditActionType actionType, string action, string? tenantId)
    {
        var matched = false;
        TimeSpan? longest = null;
        var rule = -1;
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var candidate = options.Rules[i];
            if (!candidate.Matches(actionType, action, tenantId))
            {
                continue;
            }

            if (!matched || (longest is { } current && (candidate.Period is not { } period || period > current)))
            {
                longest = candidate.Period;
                rule = i;
            }

            matched = true;
        }

        return matched ? (longest, rule) : (options.Period, -1);
    }

    /// <summary>The longest period of all (the default and every rule), or <see langword="null"/> when something is kept forever: records older than it may go as a prefix.</summary>
    public TimeSpan? LongestPeriod =>
        options.Period is not { } longest || options.Rules.Any(r => r.Period is null)
            ? null
            : options.Rules.Select(r => r.Period!.Value).Append(longest).Max();

    /// <summary>The shortest finite period of all (the default and every rule), or <see langword="null"/> when none is set: nothing expires sooner.</summary>
    public TimeSpan? ShortestPeriod =>
        options.Rules.Select(r => r.Period).Append(options.Period).Where(p => p is not null).Min();
}
