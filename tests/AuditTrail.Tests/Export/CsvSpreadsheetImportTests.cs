using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Export;

/// <summary>
/// A CSV export opened in a real spreadsheet engine (LibreOffice Calc, headless) with each list separator an import
/// dialog offers: no cell of the result may be a formula.
/// </summary>
public sealed class CsvSpreadsheetImportTests
{
    /// <summary>Comma, semicolon, tab, space and pipe, as LibreOffice's CSV filter numbers them.</summary>
    public static TheoryData<int> Separators => new() { 44, 59, 9, 32, 124 };

    private static readonly string[] Attacks =
    [
        "=1+1", "+1+1", "-1+1", "@SUM(1,1)", "＝1+1", "\t=1+1", "\n=1+1",
        "abc\",=1+1", "abc\";=1+1", "abc\"\t=1+1", "abc\" =1+1", "abc\"|=1+1",
        "abc,=1+1", "abc;=1+1", "abc\t=1+1", "abc =1+1", "abc|=1+1", "abc\n=1+1",
        "abc;\"=1+1", "abc\"\";=1+1", "x;-A1", "x;+1+1", "x; @SUM(1,1)", "abc\";\"=1+1",
    ];

    [SpreadsheetTheory]
    [MemberData(nameof(Separators))]
    public async Task Export_ImportedWithAnySeparator_HasNoComputedCell(int separator)
    {
        using var directory = new TemporaryDirectory();
        var csv = directory.Combine("export.csv");
        await using (var stream = File.Create(csv))
        {
            await CsvAuditExporter.Instance.WriteAsync(Records().ToAsyncEnumerable(), stream, CancellationToken.None);
        }

        var formulas = await LibreOffice.FormulaCellsAsync(csv, separator, directory);

        formulas.Should().BeEmpty($"LibreOffice imported the export with separator {separator} and computed these cells");
    }

    [SpreadsheetFact]
    public async Task TheCheck_FindsFormulas_InAnUnguardedFile()
    {
        using var directory = new TemporaryDirectory();
        var csv = directory.Combine("unguarded.csv");
        // What the exporter wrote before it checked every segment: a value that starts with a separator and a formula.
        await File.WriteAllTextAsync(csv, "\"id\",\"text\",\"other\"\r\n\"15\",\";=1+1\",\"tail\"\r\n");

        (await LibreOffice.FormulaCellsAsync(csv, 59, directory)).Should().NotBeEmpty("a check that cannot see a formula proves nothing");
    }

    private static IEnumerable<AuditRecord> Records()
    {
        var time = new DateTimeOffset(2025, 11, 27, 17, 30, 0, TimeSpan.Zero);
        foreach (var attack in Attacks)
        {
            yield return new AuditRecord
            {
                Id = Guid.CreateVersion7(time),
                OccurredAt = time,
                RecordedAt = time,
                Actor = new AuditActor(attack, attack, AuditActorType.User),
                Action = attack,
                ActionType = AuditActionType.Update,
                Outcome = AuditOutcome.Failure,
                FailureReason = attack,
                Resource = new AuditResource(attack, attack, attack),
                Description = attack,
                Changes = [new AuditFieldChange(attack, attack, attack)],
                SourceIp = attack,
                UserAgent = attack,
                CorrelationId = attack,
                TenantId = attack,
                Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { [attack] = attack },
            };
        }
    }
}
