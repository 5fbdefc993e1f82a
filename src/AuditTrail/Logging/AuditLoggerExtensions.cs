using System.Runtime.CompilerServices;

namespace AuditTrail;

/// <summary>
/// One helper per event of a typical "Audit Logs" page. Each fills the action code, action type,
/// resource and description, and those about a user account (password, MFA, role, permission of a user, account
/// created or deactivated, a failed sign-in to a known account) its target user, so that user sees the record; the actor, IP, user agent and correlation come from the ambient
/// <see cref="AuditContext"/> unless a helper takes the actor explicitly (sign-in happens before the
/// request is authenticated, expiry is done by the System).
/// </summary>
public static class AuditLoggerExtensions
{
    /// <summary>Records a successful sign-in of <paramref name="user"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="user">Who signed in.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> LoginSucceededAsync(this IAuditLogger logger, AuditActor user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Log(logger, new AuditEvent
        {
            Action = AuditActions.LoginSucceeded,
            ActionType = AuditActionType.Authentication,
            Actor = user,
            Resource = UserResource(user),
            Description = "Signed in",
        }, cancellationToken);
    }

    /// <summary>
    /// Records a failed sign-in. The attempted user name is kept (as the resource name and in metadata
    /// <c>attempted_user</c>); a password never is. The actor is <paramref name="knownUser"/> when the name
    /// matched an account, so that user sees the attempt in their own trail, else <see cref="AuditActor.Anonymous"/>.
    /// </summary>
    /// <param name="logger">The logger.</param>
    /// <param name="attemptedUserName">The user name that was typed.</param>
    /// <param name="reason">Why it failed, for example "invalid password"; never the password itself.</param>
    /// <param name="knownUser">The account the name belongs to, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> LoginFailedAsync(this IAuditLogger logger, string attemptedUserName, string reason, AuditActor? knownUser, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attemptedUserName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Log(logger, new AuditEvent
        {
            Action = AuditActions.LoginFailed,
            ActionType = AuditActionType.Authentication,
            Actor = knownUser ?? AuditActor.Anonymous,
            Outcome = AuditOutcome.Failure,
            FailureReason = reason,
            Resource = new AuditResource("user", knownUser?.Id, attemptedUserName),
            TargetUser = knownUser is null ? null : new AuditTargetUser(knownUser.Id, knownUser.DisplayName),
            Description = $"Failed sign-in as {attemptedUserName}",
            Metadata = new Dictionary<string, string> { ["attempted_user"] = attemptedUserName },
        }, cancellationToken);
    }

    /// <summary>Records a sign-out by the current actor.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> LogoutAsync(this IAuditLogger logger, CancellationToken cancellationToken = default) =>
        Log(logger, new AuditEvent { Action = AuditActions.Logout, ActionType = AuditActionType.Authentication, Description = "Signed out" }, cancellationToken);

    /// <summary>Records that <paramref name="user"/>'s password was changed (never the password).</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="user">Whose password changed.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> PasswordChangedAsync(this IAuditLogger logger, AuditResource user, CancellationToken cancellationToken = default) =>
        UserSecurity(logger, AuditActions.PasswordChanged, user, "Changed password", cancellationToken);

    /// <summary>Records that multi-factor authentication was enabled for <paramref name="user"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="user">The account.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> MfaEnabledAsync(this IAuditLogger logger, AuditResource user, CancellationToken cancellationToken = default) =>
        UserSecurity(logger, AuditActions.MfaEnabled, user, "Enabled two-factor authentication", cancellationToken);

    /// <summary>Records that multi-factor authentication was disabled for <paramref name="user"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="user">The account.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> MfaDisabledAsync(this IAuditLogger logger, AuditResource user, CancellationToken cancellationToken = default) =>
        UserSecurity(logger, AuditActions.MfaDisabled, user, "Disabled two-factor authentication", cancellationToken);

    /// <summary>Records the creation of any resource (<c>{type}.created</c>).</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="resource">The new resource.</param>
    /// <param name="description">What was created, or <see langword="null"/> for "Created {type} {name}".</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> CreatedAsync(this IAuditLogger logger, AuditResource resource, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Log(logger, new AuditEvent
        {
            Action = AuditActions.Created(resource.Type),
            ActionType = AuditActionType.Create,
            Resource = resource,
            Description = description ?? $"Created {Label(resource)}",
        }, cancellationToken);
    }

    /// <summary>
    /// Records an update of any resource (<c>{type}.updated</c>) with its field changes; the description is
    /// rendered from them ("Changed load_multiplier from 1.0 to 1.5"). Use <see cref="AuditDiff.Between"/> to compute them.
    /// </summary>
    /// <param name="logger">The logger.</param>
    /// <param name="resource">The resource.</param>
    /// <param name="changes">The changed fields.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> UpdatedAsync(this IAuditLogger logger, AuditResource resource, IReadOnlyList<AuditFieldChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(changes);
        return Log(logger, new AuditEvent
        {
            Action = AuditActions.Updated(resource.Type),
            ActionType = AuditActionType.Update,
            Resource = resource,
            Changes = changes,
        }, cancellationToken);
    }

    /// <summary>Records the deletion of any resource (<c>{type}.deleted</c>).</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="resource">The deleted resource.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> DeletedAsync(this IAuditLogger logger, AuditResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Log(logger, new AuditEvent
        {
            Action = AuditActions.Deleted(resource.Type),
            ActionType = AuditActionType.Delete,
            Resource = resource,
            Description = $"Deleted {Label(resource)}",
        }, cancellationToken);
    }

    /// <summary>Records a role change of <paramref name="user"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="user">The account.</param>
    /// <param name="oldRole">The role before.</param>
    /// <param name="newRole">The role after.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> RoleChangedAsync(this IAuditLogger logger, AuditResource user, string? oldRole, string? newRole, CancellationToken cancellationToken = default) =>
        Log(logger, new AuditEvent
        {
            Action = AuditActions.RoleChanged,
            ActionType = AuditActionType.Security,
            Resource = UserAccount(user),
            TargetUser = AuditTargetUsers.Of(user),
            Changes = [new AuditFieldChange("role", oldRole, newRole)],
        }, cancellationToken);

    /// <summary>Records that <paramref name="permission"/> was granted to or revoked from <paramref name="subject"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="subject">The user or role whose permissions changed.</param>
    /// <param name="permission">The permission, for example <c>servers:write</c>.</param>
    /// <param name="granted"><see langword="true"/> when granted, <see langword="false"/> when revoked.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> PermissionChangedAsync(this IAuditLogger logger, AuditResource subject, string permission, bool granted, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(permission);
        return Log(logger, new AuditEvent
        {
            Action = AuditActions.PermissionChanged,
            ActionType = AuditActionType.Security,
            Resource = AuditTargetUsers.IsUser(Required(subject)) ? UserAccount(subject) : subject,
            TargetUser = AuditTargetUsers.OfUserResource(subject),
            Description = granted ? $"Granted {permission}" : $"Revoked {permission}",
            Metadata = new Dictionary<string, string> { ["permission"] = permission, ["granted"] = granted ? "true" : "false" },
        }, cancellationToken);
    }

    /// <summary>Records that a user account was created.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="user">The new account.</param>
    /// <param name="role">Its role, if any.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> AccountCreatedAsync(this IAuditLogger logger, AuditResource user, string? role, CancellationToken cancellationToken = default) =>
        Log(logger, new AuditEvent
        {
            Action = AuditActions.AccountCreated,
            ActionType = AuditActionType.Create,
            Resource = UserAccount(user),
            TargetUser = AuditTargetUsers.Of(user),
            Description = role is null ? $"Created user {Required(user).Name}" : $"Created user {Required(user).Name} with role {role}",
        }, cancellationToken);

    /// <summary>Records that a user account was deactivated.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="user">The account.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> AccountDeactivatedAsync(this IAuditLogger logger, AuditResource user, CancellationToken cancellationToken = default) =>
        UserSecurity(logger, AuditActions.AccountDeactivated, user, $"Deactivated user {Required(user).Name}", cancellationToken);

    /// <summary>Records that an API key was created (its id and name, never the secret).</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="apiKey">The key (type <c>api_key</c>).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> ApiKeyCreatedAsync(this IAuditLogger logger, AuditResource apiKey, CancellationToken cancellationToken = default) =>
        Security(logger, AuditActions.ApiKeyCreated, apiKey, $"Created API key {Required(apiKey).Name}", cancellationToken);

    /// <summary>Records that an API key was deleted.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="apiKey">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> ApiKeyDeletedAsync(this IAuditLogger logger, AuditResource apiKey, CancellationToken cancellationToken = default) =>
        Security(logger, AuditActions.ApiKeyDeleted, apiKey, $"Deleted API key {Required(apiKey).Name}", cancellationToken);

    /// <summary>Records that an API key expired; the actor is always <see cref="AuditActor.System"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="apiKey">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> ApiKeyExpiredAsync(this IAuditLogger logger, AuditResource apiKey, CancellationToken cancellationToken = default) =>
        Log(logger, new AuditEvent
        {
            Action = AuditActions.ApiKeyExpired,
            ActionType = AuditActionType.Security,
            Actor = AuditActor.System,
            Resource = Required(apiKey),
            Description = $"API key {Required(apiKey).Name} expired",
        }, cancellationToken);

    private static Task<Guid> Security(
        IAuditLogger logger,
        string action,
        AuditResource? resource,
        string description,
        CancellationToken cancellationToken,
        [CallerArgumentExpression(nameof(resource))] string? parameter = null) =>
        Log(logger, new AuditEvent { Action = action, ActionType = AuditActionType.Security, Resource = Required(resource, parameter), Description = description }, cancellationToken);

    /// <summary>The same, for an event about a user account: the account is also the record's target user.</summary>
    private static Task<Guid> UserSecurity(
        IAuditLogger logger,
        string action,
        AuditResource? user,
        string description,
        CancellationToken cancellationToken,
        [CallerArgumentExpression(nameof(user))] string? parameter = null) =>
        Log(logger, new AuditEvent
        {
            Action = action,
            ActionType = AuditActionType.Security,
            Resource = UserAccount(user, parameter),
            TargetUser = AuditTargetUsers.Of(user),
            Description = description,
        }, cancellationToken);

    private static Task<Guid> Log(IAuditLogger logger, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.LogAsync(auditEvent, cancellationToken);
    }

    private static AuditResource Required(AuditResource? resource, [CallerArgumentExpression(nameof(resource))] string? parameter = null) =>
        resource ?? throw new ArgumentNullException(parameter);

    /// <summary>A user account a helper records as the target user: without an id, the person it is about would never see the record.</summary>
    private static AuditResource UserAccount(AuditResource? user, [CallerArgumentExpression(nameof(user))] string? parameter = null) =>
        string.IsNullOrWhiteSpace(Required(user, parameter).Id)
            ? throw new ArgumentException("The user account's Id is required: it becomes the record's target user, who sees the record.", parameter)
            : user!;

    private static AuditResource UserResource(AuditActor? user, [CallerArgumentExpression(nameof(user))] string? parameter = null) =>
        user is null ? throw new ArgumentNullException(parameter) : new("user", user.Id, user.DisplayName ?? user.Id);

    private static string Label(AuditResource? resource, [CallerArgumentExpression(nameof(resource))] string? parameter = null)
    {
        var labelled = Required(resource, parameter);
        var type = labelled.Type.Replace('_', ' ');
        return labelled.Name is null ? type : $"{type} {labelled.Name}";
    }
}
