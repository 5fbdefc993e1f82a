namespace AuditTrail.Tests.Review;

public sealed class AccountDetectorTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(2).AddHours(10);

    [Fact]
    public async Task Review_ActionsAfterDeactivation_AreADepartedActorWithTheDeactivationAsFirstEvidence()
    {
        var trail = new Trail();
        trail.Change(At.AddDays(-21), "u-tom");
        var deactivation = trail.Security(At.AddDays(-20), "u-admin", AuditActions.AccountDeactivated, "u-tom");
        var after = trail.Change(At, "u-tom");
        trail.Record(At.AddMinutes(1), Trail.User("u-tom"), AuditActions.LoginFailed, AuditActionType.Authentication, AuditOutcome.Failure);

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.DepartedActorActive);
        finding.Severity.Should().Be(AuditFindingSeverity.High);
        finding.EvidenceIds.Should().Equal(deactivation.Id, after.Id);
        finding.Summary.Should().Be("'u-tom' acted 1 time after the account was deactivated on 2026-10-29 10:00 UTC");
    }

    [Fact]
    public async Task Review_AnApiKeyOfADeactivatedUser_IsStillADepartedActor()
    {
        var trail = new Trail();
        trail.Record(At.AddDays(-40), Trail.User("u-tom"), AuditActions.ApiKeyCreated, AuditActionType.Security, resource: new AuditResource("api_key", "key-7", "deploy"));
        trail.Security(At.AddDays(-20), "u-admin", AuditActions.AccountDeactivated, "u-tom");
        var use = trail.Record(At, AuditActor.ApiKey("key-7", "deploy"), "server.updated", AuditActionType.Update);

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.ActorId.Should().Be("key-7");
        finding.EvidenceIds.Should().EndWith(use.Id);
        finding.Summary.Should().Contain("(an API key of 'u-tom') after that user was deactivated");
    }

    [Fact]
    public async Task Review_ActionsBeforeDeactivation_AreFine()
    {
        var trail = new Trail();
        trail.Change(At, "u-tom");
        trail.Security(At.AddHours(1), "u-admin", AuditActions.AccountDeactivated, "u-tom");

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_SomeoneGrantingThemselvesAdmin_IsCriticalEscalation_AndAnotherAdminsGrantIsMedium()
    {
        var trail = new Trail();
        trail.Security(At.AddDays(-30), "u-mike", AuditActions.MfaEnabled, "u-mike");
        trail.Security(At.AddDays(-30), "u-priya", AuditActions.MfaEnabled, "u-priya");
        trail.RoleChanged(At, "u-mike", "u-mike", "User", "Admin");
        trail.RoleChanged(At.AddHours(1), "u-admin", "u-priya", "User", "administrator");
        trail.RoleChanged(At.AddHours(2), "u-admin", "u-ann", "Viewer", "Operator");

        var findings = (await trail.ReviewWeekAsync()).Findings;

        findings.Select(f => (f.Detector, f.Severity, f.Summary)).Should().Equal(
            (AuditDetectors.PrivilegeEscalation, AuditFindingSeverity.Critical, "'u-mike' granted themselves the admin role Admin"),
            (AuditDetectors.PrivilegeEscalation, AuditFindingSeverity.Medium, "'u-admin' granted 'u-priya' the admin role administrator"));
    }

    [Fact]
    public async Task Review_AnAdminPermissionGrant_IsEscalation()
    {
        var trail = new Trail();
        trail.Record(At, Trail.User("u-admin"), AuditActions.PermissionChanged, AuditActionType.Security,
            resource: new AuditResource("role", "role-ops", "Operator"), metadata: new() { ["permission"] = "*", ["granted"] = "true" });

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.PrivilegeEscalation);
        finding.Summary.Should().Be("'u-admin' granted 'Operator' the admin permission *");
    }

    [Fact]
    public async Task Review_AnAdminWithoutAnyMfaEvent_OrWhoseLatestDisabledIt_IsAdminWithoutMfa_EvenWhenGrantedBeforeThePeriod()
    {
        var trail = new Trail();
        var grant = trail.RoleChanged(At.AddDays(-60), "u-admin", "u-priya", "User", "Admin");
        trail.Security(At.AddDays(-60), "u-mike", AuditActions.MfaEnabled, "u-mike");
        trail.RoleChanged(At.AddDays(-59), "u-admin", "u-mike", "User", "Admin");
        var disabled = trail.Security(At, "u-mike", AuditActions.MfaDisabled, "u-mike");
        trail.Security(At.AddDays(-60), "u-ann", AuditActions.MfaEnabled, "u-ann");
        trail.RoleChanged(At.AddDays(-59), "u-admin", "u-ann", "User", "Admin");

        var findings = (await trail.ReviewWeekAsync()).Findings.Where(f => f.Detector == AuditDetectors.AdminWithoutMfa).ToList();

        findings.Should().HaveCount(2);
        findings.Single(f => f.ActorId == "u-priya").EvidenceIds.Should().Equal(grant.Id);
        findings.Single(f => f.ActorId == "u-priya").Summary.Should().Be("Admin 'u-priya' (admin since 2026-09-19 10:00 UTC) has no MFA event in the trail");
        findings.Single(f => f.ActorId == "u-mike").EvidenceIds.Should().StartWith(disabled.Id);
        findings.Single(f => f.ActorId == "u-mike").Summary.Should().EndWith("disabled MFA on 2026-11-18 10:00 UTC");
    }

    [Fact]
    public async Task Review_AnAdminWhoEnabledMfaAfterTheGrant_OrWhoLostTheRole_IsFine()
    {
        var trail = new Trail();
        trail.Options.DisabledDetectors.Add(AuditDetectors.PrivilegeEscalation);
        trail.RoleChanged(At.AddDays(-60), "u-admin", "u-priya", "User", "Admin");
        trail.Security(At.AddDays(-59), "u-priya", AuditActions.MfaEnabled, "u-priya");
        trail.RoleChanged(At.AddDays(-60), "u-admin", "u-bob", "User", "Admin");
        trail.RoleChanged(At.AddDays(-59), "u-admin", "u-bob", "Admin", "User");

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }
    [Fact]
    public async Task Review_AnAdminWhoLosesOneOfTwoAdminGrants_IsStillAnAdminWithoutMfa()
    {
        // u-priya holds the Admin role and the admin permission *; the permission is revoked, the role is not.
        var trail = new Trail();
        trail.Options.DisabledDetectors.Add(AuditDetectors.PrivilegeEscalation);
        var role = trail.RoleChanged(At.AddDays(-60), "u-admin", "u-priya", "User", "Admin");
        Permission(trail, At.AddDays(-59), "u-priya", "*", granted: true);
        Permission(trail, At.AddDays(-58), "u-priya", "*", granted: false);

        // u-bob the other way round: the role is taken away, the admin permission stays.
        Permission(trail, At.AddDays(-60), "u-bob", "admin", granted: true);
        trail.RoleChanged(At.AddDays(-59), "u-admin", "u-bob", "User", "Admin");
        trail.RoleChanged(At.AddDays(-58), "u-admin", "u-bob", "Admin", "User");

        var findings = (await trail.ReviewWeekAsync()).Findings;

        findings.Select(f => (f.Detector, f.ActorId)).Should().BeEquivalentTo(
            [(AuditDetectors.AdminWithoutMfa, "u-priya"), (AuditDetectors.AdminWithoutMfa, "u-bob")],
            "each still holds an admin grant that was never revoked");
        findings.Single(f => f.ActorId == "u-priya").EvidenceIds.Should().Contain(role.Id);
    }

    private static void Permission(Trail trail, DateTimeOffset at, string userId, string permission, bool granted) =>
        trail.Record(at, Trail.User("u-admin"), AuditActions.PermissionChanged, AuditActionType.Security,
            resource: new AuditResource("user", userId, userId), target: new AuditTargetUser(userId, userId),
            metadata: new() { ["permission"] = permission, ["granted"] = granted ? "true" : "false" });

    [Fact]
    public async Task Review_ADeactivationInOneTenant_DoesNotMakeTheSameIdDepartedInAnother()
    {
        var trail = new Trail();
        trail.Security(At, "u-admin", AuditActions.AccountDeactivated, "u-bob");
        trail.Record(At.AddHours(1), Trail.User("u-bob"), "server.updated", AuditActionType.Update, tenant: "tenant-b");
        var after = trail.Record(At.AddHours(2), Trail.User("u-bob"), "server.updated", AuditActionType.Update);

        (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which.EvidenceIds.Should().Contain(after.Id);
        (await trail.ReviewWeekAsync(new AuditViewer("u-admin-b", IsAdmin: true, TenantId: "tenant-b"))).Findings.Should().BeEmpty();
    }
}
