namespace AuditTrail.Tests.Export;

/// <summary>The permission helper's records as OCSF: a revocation is Revoke Privileges, and the permission is the privilege either way.</summary>
public sealed class AuditOcsfPermissionTests
{
    [Fact]
    public async Task PermissionChangedAsync_Revoked_IsRevokePrivileges_OfThatPermission()
    {
        var revoked = await OcsfOfLogged.EventOf(logger => logger.PermissionChangedAsync(new AuditResource("user", "u-9", "Bob"), "servers.write", granted: false));

        revoked.GetProperty("class_uid").GetInt32().Should().Be((int)AuditOcsfClass.UserAccessManagement);
        revoked.GetProperty("activity_id").GetInt32().Should().Be(2);
        revoked.GetProperty("activity_name").GetString().Should().Be("Revoke Privileges");
        revoked.GetProperty("type_uid").GetInt32().Should().Be(300502);
        revoked.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()).Should().Equal("servers.write");
    }

    [Fact]
    public async Task PermissionChangedAsync_Granted_IsAssignPrivileges_OfThatPermission()
    {
        var granted = await OcsfOfLogged.EventOf(logger => logger.PermissionChangedAsync(new AuditResource("user", "u-9", "Bob"), "servers.write", granted: true));

        granted.GetProperty("activity_id").GetInt32().Should().Be(1);
        granted.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()).Should().Equal("servers.write");
    }
}
