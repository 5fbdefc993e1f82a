namespace AuditTrail;

/// <summary>
/// The user an audited action was done to (its subject): the account whose role changed, that was deactivated, whose
/// password an admin reset. A regular viewer sees the records about them as well as their own actions, unless
/// <see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/> is turned off.
/// </summary>
/// <param name="Id">
/// The user's stable id: the same value the host uses for <see cref="AuditActor.Id"/> and <see cref="AuditViewer.Id"/>,
/// since role-aware reads compare it with the viewer's id.
/// </param>
/// <param name="DisplayName">The user's display name, for example "Mike Chen".</param>
public sealed record AuditTargetUser(string Id, string? DisplayName);
