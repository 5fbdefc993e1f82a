using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// The target user is covered by the chain: a record with one is hashed as <c>canonical_v2</c>, one without as
/// <c>canonical_v1</c>, so setting, clearing or editing it on a stored row is a modified row.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    /// <summary>Ten role changes; the even ones (sequence 2, 4, …) name the user they were done to.</summary>
    private async Task<List<Guid>> WriteTrailWithTargetUsersAsync()
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= 10; i++)
        {
            ids.Add(await Logger.LogAsync(new AuditEvent
            {
                Action = AuditActions.RoleChanged,
                ActionType = AuditActionType.Security,
                Actor = AuditActor.User("u-admin", "Admin"),
                Resource = new AuditResource("user", $"u-{i}", $"User {i}"),
                TargetUser = i % 2 == 0 ? new AuditTargetUser($"u-{i}", $"User {i}") : null,
                Changes = [new AuditFieldChange("role", "Viewer", "Operator")],
            }));
        }

        return ids;
    }

    [Fact]
    public async Task Verify_TrailWithAndWithoutTargetUsers_IsValid()
    {
        await WriteTrailWithTargetUsersAsync();
        await Checkpoints.CheckpointAsync();

        var report = await Verifier.VerifyAsync();

        report.Problem.Should().BeNull();
        report.RowsVerified.Should().Be(10);
    }

    [Theory]
    [InlineData("target_user_id = 'u-3'", 3)]
    [InlineData("target_user_id = NULL, target_user_name = NULL", 4)]
    [InlineData("target_user_id = 'u-admin'", 6)]
    [InlineData("target_user_name = 'Someone else'", 8)]
    public async Task Verify_TargetUserSetClearedOrEdited_ReportsTheModifiedRow(string assignment, long sequence)
    {
        var ids = await WriteTrailWithTargetUsersAsync();
        await Checkpoints.CheckpointAsync();
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET {assignment} WHERE seq = {sequence}");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(sequence);
        problem.EventId.Should().Be(ids[(int)sequence - 1]);
    }
}
