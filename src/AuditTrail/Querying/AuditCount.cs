namespace AuditTrail;

/// <summary>
/// The answer of a count that may have stopped at a cap (<see cref="AuditCountOptions.AtMost"/>): either the exact
/// number of matching records, or, when <see cref="IsLowerBound"/> is set, a number the true count is at least.
/// </summary>
/// <param name="Value">The count, or the cap when the true count is larger.</param>
/// <param name="IsLowerBound">Whether more records match than <see cref="Value"/> ("at least", shown as "10,000+").</param>
public readonly record struct AuditCount(long Value, bool IsLowerBound)
{
    /// <summary>The answer of a count that stopped at <paramref name="atMost"/> + 1 rows: the cap and "at least" when it got there.</summary>
    internal static AuditCount FromCountUpTo(long counted, long atMost) =>
        counted > atMost ? new AuditCount(atMost, IsLowerBound: true) : new AuditCount(counted, IsLowerBound: false);
}
