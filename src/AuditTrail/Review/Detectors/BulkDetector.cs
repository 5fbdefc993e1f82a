using System.Globalization;

namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.BulkExport"/> (an export whose metadata <c>count</c> is above
/// <see cref="AuditReviewOptions.MaxExportedRecords"/>) and <see cref="AuditDetectors.BulkDelete"/> (deletes by one
/// actor reaching <see cref="AuditReviewOptions.BulkDelete"/>).
/// </summary>
internal sealed class BulkDetector(AuditReviewOptions options) : AuditDetector
{
    private readonly AuditBurstTracker _deletes = new(AuditDetectors.BulkDelete, options.BulkDelete, options.MaxEvidenceIds);
    private readonly bool _export = options.IsEnabled(AuditDetectors.BulkExport);
    private readonly bool _delete = options.IsEnabled(AuditDetectors.BulkDelete);

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        if (_export && record.Action == AuditActions.AuditExported)
        {
            if (record.Metadata.TryGetValue("count", out var text)
                && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count > options.MaxExportedRecords)
            {
                var key = AuditFindingIds.Key(record.TenantId, record.Actor.Id);
                found.Report(new AuditEpisode(AuditDetectors.BulkExport, key, options.MaxEvidenceIds).Add(record).ToFinding(
                    AuditFindingSeverity.Medium,
                    string.Create(CultureInfo.InvariantCulture, $"'{AuditReviewText.Name(record.Actor)}' exported {count} audit records (more than {options.MaxExportedRecords})"),
                    record.Actor.Id));
            }

            return;
        }

        if (_delete && record.ActionType == AuditActionType.Delete && record.Outcome == AuditOutcome.Success && record.Actor.Type != AuditActorType.System
            && _deletes.Add(AuditFindingIds.Key(record.TenantId, record.Actor.Id), record) is { } episode)
        {
            found.Report(episode.ToFinding(
                AuditFindingSeverity.High,
                $"'{AuditReviewText.Name(record.Actor)}' deleted {AuditReviewText.Count(episode.Count, "record")} {AuditReviewText.Span(episode.Start, episode.End)}",
                record.Actor.Id));
        }
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found) => _deletes.Sweep(now);
}
