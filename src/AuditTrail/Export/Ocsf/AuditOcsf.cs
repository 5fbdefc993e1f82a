using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// Records as OCSF (Open Cybersecurity Schema Framework) 1.3 events: the mapping of actions to event classes and
/// activities, and the JSON of one event. <see cref="AuditExportFormat.Ocsf"/> writes them as JSON Lines.
/// </summary>
public static class AuditOcsf
{
    /// <summary>The mappings and names used when a caller gives none; never handed out, so never changed.</summary>
    private static readonly AuditOcsfOptions Defaults = new();

    /// <summary>The OCSF schema version written as <c>metadata.version</c>: <c>1.3.0</c>.</summary>
    public const string SchemaVersion = "1.3.0";

    /// <summary>The activities of each class, by <c>activity_id</c>, as OCSF names them (0 Unknown and 99 Other included).</summary>
    public static IReadOnlyDictionary<AuditOcsfClass, IReadOnlyDictionary<int, string>> ActivityNames => AuditOcsfCatalog.Activities;

    /// <summary>The built-in mapping of each of <see cref="AuditActions"/>.</summary>
    public static IReadOnlyDictionary<string, AuditOcsfActivity> BuiltInActions => AuditOcsfMapping.BuiltIn;

    /// <summary>The class and activity <paramref name="record"/> is written as.</summary>
    /// <param name="record">The record.</param>
    /// <param name="options">The host's mappings; <see langword="null"/> for the defaults.</param>
    /// <returns>The class and activity.</returns>
    public static AuditOcsfActivity Map(AuditRecord record, AuditOcsfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AuditOcsfMapping.Map(record, options ?? Defaults);
    }

    /// <summary>Writes <paramref name="record"/> as one OCSF event object.</summary>
    /// <param name="writer">The writer (made with <see cref="AuditJson.WriterOptions"/> for the library's escaping).</param>
    /// <param name="record">The record.</param>
    /// <param name="options">The host's mappings and product names; <see langword="null"/> for the defaults.</param>
    public static void WriteEvent(Utf8JsonWriter writer, AuditRecord record, AuditOcsfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        AuditOcsfEventWriter.Write(writer, record, options ?? Defaults);
    }
}
