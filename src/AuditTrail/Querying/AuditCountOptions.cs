namespace AuditTrail;

/// <summary>
/// How <see cref="IAuditReader.GetCountAsync"/> counts:
/// exactly, or, with <see cref="AtMost"/>, up to a cap, for a count shown in a user interface ("10,000+") that must
/// not read every matching row of a large trail.
/// </summary>
public sealed record AuditCountOptions
{
    /// <summary>
    /// The cap: the store stops counting after <c>AtMost + 1</c> matching records, and a larger count comes back as
    /// <see cref="AtMost"/> with <see cref="AuditCount.IsLowerBound"/> set ("at least"). <see langword="null"/> (the
    /// default) counts exactly. Must be greater than 0 and less than <see cref="long.MaxValue"/>.
    /// </summary>
    public long? AtMost { get; init; }

    /// <summary>Checks the options and returns the cap, or <see langword="null"/> for an exact count.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AtMost"/> is 0, negative or <see cref="long.MaxValue"/>; the parameter is <c>options.AtMost</c>.</exception>
    internal long? ValidatedAtMost() => AtMost switch
    {
        null => null,
        > 0 and < long.MaxValue and var cap => cap,
        var cap => throw new ArgumentOutOfRangeException(
            "options.AtMost", cap, $"{nameof(AuditCountOptions)}.{nameof(AtMost)} must be between 1 and {long.MaxValue - 1}, or null for an exact count."),
    };
}
