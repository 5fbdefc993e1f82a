namespace AuditTrail;

/// <summary>
/// How <see cref="IAuditReader.GetCountAsync"/> counts:
/// exactly, or, with <see cref="AtMost"/>, up to a cap, for a count shown in a user interface ("10,000+") that must
/// not read every matching row of a large trail; with <see cref="TimeLimit"/>, also for no longer than a time.
/// </summary>
public sealed record AuditCountOptions
{
    /// <summary>
    /// The cap: the store stops counting after <c>AtMost + 1</c> matching records, and a larger count comes back as
    /// <see cref="AtMost"/> with <see cref="AuditCount.IsLowerBound"/> set ("at least"). <see langword="null"/> (the
    /// default) counts exactly. Must be greater than 0 and less than <see cref="long.MaxValue"/>.
    /// </summary>
    public long? AtMost { get; init; }

    /// <summary>
    /// How long the count may take: a count that proceeds in steps (a search the store's full-text index answers)
    /// stops when the next step would end past it, and answers what it counted with <see cref="AuditCount.IsLowerBound"/>
    /// set. A count of one statement (no search term) is bounded by <see cref="AtMost"/> alone. Applied only for a viewer
    /// who sees the whole trail (an admin without a tenant): the steps walk an index of every tenant's and user's records,
    /// so when time runs out would tell how common the term is outside a narrower scope; any other viewer's count is
    /// bounded by <see cref="AtMost"/> alone and depends only on the records in their scope. <see langword="null"/>
    /// (the default) sets no limit. Must be more than zero and at most <see cref="MaxTimeLimit"/> (checked for every viewer).
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The longest <see cref="TimeLimit"/>: one minute.</summary>
    public static TimeSpan MaxTimeLimit { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks the options and returns the cap, or <see langword="null"/> for an exact count.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AtMost"/> is 0, negative or <see cref="long.MaxValue"/>; the parameter is <c>options.AtMost</c>.</exception>
    internal long? ValidatedAtMost() => AtMost switch
    {
        null => null,
        > 0 and < long.MaxValue and var cap => cap,
        var cap => throw new ArgumentOutOfRangeException(
            "options.AtMost", cap, $"{nameof(AuditCountOptions)}.{nameof(AtMost)} must be between 1 and {long.MaxValue - 1}, or null for an exact count."),
    };

    /// <summary>Checks <see cref="TimeLimit"/> and returns it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TimeLimit"/> is zero, negative or above <see cref="MaxTimeLimit"/>; the parameter is <c>options.TimeLimit</c>.</exception>
    internal TimeSpan? ValidatedTimeLimit() => TimeLimit switch
    {
        null => null,
        var limit when limit > TimeSpan.Zero && limit <= MaxTimeLimit => limit,
        var limit => throw new ArgumentOutOfRangeException(
            "options.TimeLimit", limit, $"{nameof(AuditCountOptions)}.{nameof(TimeLimit)} must be more than zero and at most {MaxTimeLimit}, or null for no limit."),
    };
}
