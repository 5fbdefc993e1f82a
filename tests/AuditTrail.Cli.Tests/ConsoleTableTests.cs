using AuditTrail.Samples.Console;

namespace AuditTrail.Cli.Tests;

/// <summary>The console sample's text output cannot be forged with line breaks stored in a record.</summary>
public sealed class ConsoleTableTests
{
    [Fact]
    public void Print_LineSeparatorsInStoredValues_StayOnTheRecordsOwnLine()
    {
        var now = new DateTimeOffset(2026, 11, 20, 14, 34, 0, TimeSpan.Zero);
        var separators = new[] { "\r\n", "\n", "\r", "\u2028", "\u2029", "\u0085", "\v", "\f" };
        var records = separators.Select((separator, i) => new AuditRecord
        {
            Id = Guid.CreateVersion7(),
            OccurredAt = now,
            RecordedAt = now,
            Actor = AuditActor.User($"u-{i}", $"Eve{separator}John Davis | Deleted everything"),
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Resource = new AuditResource("server", "s", $"web{separator}01"),
            Description = $"Changed{separator}System | Signed out | 10.0.0.1 | Today, 1:00 AM",
            SourceIp = "203.0.113.10",
            UserAgent = $"curl{separator}x",
        }).ToList();
        using var output = new StringWriter();

        AuditTable.Print(output, "Audit Logs", records, records.Count, now);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.None).Where(line => line.Length > 0).ToList();
        lines.Should().HaveCount(3 + records.Count, "a title, a header, a rule, and exactly one line per record");
        string.Concat(lines).Should().NotContainAny(separators);
        lines.Skip(3).Should().OnlyContain(line => line.StartsWith("Eve\\u", StringComparison.Ordinal));
    }

    [Fact]
    public void Print_CellCutInsideASurrogatePair_KeepsTheTextWellFormed()
    {
        var now = new DateTimeOffset(2026, 11, 20, 14, 34, 0, TimeSpan.Zero);
        var record = new AuditRecord
        {
            Id = Guid.CreateVersion7(),
            OccurredAt = now,
            RecordedAt = now,
            Actor = AuditActor.User("u-1", new string('a', 15) + "\U0001F600"),
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Description = new string('x', 50) + "\U0001F680 launched",
        };
        using var output = new StringWriter();

        AuditTable.Print(output, "Audit Logs", [record], 1, now);

        var strict = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        FluentActions.Invoking(() => strict.GetBytes(output.ToString())).Should().NotThrow("no cell ends with half of a character");
        output.ToString().Should().Contain(new string('x', 50) + "…").And.Contain(new string('a', 15) + "…");
    }
}
