namespace AuditTrail.Relational;

/// <summary>Why an advance of a consumer's position did not happen, as the exception <see cref="IAuditConsumerCheckpoints.AdvanceAsync"/> documents.</summary>
internal static class AuditConsumerCheckpointRules
{
    public static void ThrowWhyNotAdvanced(string consumer, string owner, long position, DateTimeOffset now, AuditConsumerCheckpoint? stored)
    {
        if (stored is null || stored.LeaseOwner != owner || stored.LeaseExpiresAt is not { } expires || expires <= now)
        {
            throw new AuditConsumerLeaseLostException(
                $"The position of consumer '{consumer}' was not advanced: '{owner}' does not hold its lease " +
                $"(held by '{stored?.LeaseOwner ?? "nobody"}', expiring {stored?.LeaseExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}).");
        }

        throw new ArgumentOutOfRangeException(nameof(position), position,
            $"The position of consumer '{consumer}' only moves forward: it is {stored.Position}, and {position} is before it.");
    }
}
