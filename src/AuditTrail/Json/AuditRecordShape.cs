using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// Checks that a record read from JSON has every value its type promises: System.Text.Json sets a JSON <c>null</c>
/// into a non-nullable member (and into a list or dictionary) without complaint, and such a record would fail later,
/// in whatever reads it next (the spool's replay, the store's insert), instead of where it was read.
/// </summary>
internal static class AuditRecordShape
{
    /// <summary>Throws <see cref="JsonException"/> naming the first member that holds <c>null</c> against its type.</summary>
    public static void Check(AuditRecord record)
    {
        Require(record.Actor, "actor");
        Require(record.Actor.Id, "actor.id");
        Require(record.Action, "action");
        Require(record.Changes, "changes");
        Require(record.Metadata, "metadata");
        if (record.Resource is { Type: null })
        {
            throw Null("resource.type");
        }

        if (record.TargetUser is { Id: null })
        {
            throw Null("targetUser.id");
        }

        for (var i = 0; i < record.Changes.Count; i++)
        {
            Require(record.Changes[i], $"changes[{i}]");
            Require(record.Changes[i].Field, $"changes[{i}].field");
        }

        foreach (var (key, value) in record.Metadata)
        {
            Require(value, $"metadata[\"{key}\"]");
        }
    }

    private static void Require(object? value, string path)
    {
        if (value is null)
        {
            throw Null(path);
        }
    }

    private static JsonException Null(string path) =>
        new($"The audit record's {path} is null; it must have a value.", path, lineNumber: null, bytePositionInLine: null);
}
