using System.Security.Cryptography;
using System.Text;

namespace AuditTrail.Tests.Review;

/// <summary>
/// The detectors' record order and the findings' ids are part of what a review reports: the same episode has the same
/// id in every review and in the alerts, also across versions, so how they are computed must not change their values.
/// </summary>
public sealed class ReviewOrderAndIdsTests
{
    [Fact]
    public void Compare_RecordsAtTheSameTime_AreInTheOrdinalOrderOfTheirIdsText()
    {
        var at = Trail.Monday;
        var random = new Random(21);
        var records = Enumerable.Range(0, 2000).Select(i => new AuditRecord
        {
            // Random bytes (every nibble, both halves of each group) and version 7 ids of one millisecond.
            Id = i % 2 == 0 ? new Guid(Bytes(random)) : Guid.CreateVersion7(at),
            OccurredAt = at,
            RecordedAt = at,
            Actor = Trail.User("u-mike"),
            Action = "server.updated",
            ActionType = AuditActionType.Update,
        }).ToList();

        records.Sort(AuditReviewOrder.Compare);

        records.Select(r => r.Id.ToString("D")).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("change_outside_maintenance_window", "\u001fu-mike")]
    [InlineData("brute_force", "tenant-ä\u001fsarah\ud800")]
    [InlineData("bulk_delete", "")]
    public void Of_IsTheFirstTenBytesOfTheSha256OfDetectorKeyAndFirstEvidence_InLowerCaseHex(string detector, string key)
    {
        var evidence = Guid.Parse("019a8e2c-7d41-7c3e-9f0a-5b6c7d8e9fa0");
        var text = string.Join('\u001f', detector, key, evidence.ToString("D"));
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 10));

        AuditFindingIds.Of(detector, key, evidence).Should().Be(expected);
        AuditFindingIds.Of(detector, new string('k', 5000) + key, evidence)
            .Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', detector, new string('k', 5000) + key, evidence.ToString("D")))).AsSpan(0, 10)));
    }

    private static byte[] Bytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }
}
