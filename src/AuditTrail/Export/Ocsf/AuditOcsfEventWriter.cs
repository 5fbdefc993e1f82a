using System.Net;
using System.Reflection;
using System.Text.Json;

namespace AuditTrail;

/// <summary>Writes one record as an OCSF 1.3 event object (the fields and their sources are listed in <c>docs/ocsf.md</c>).</summary>
internal static class AuditOcsfEventWriter
{
    /// <summary>The metadata key of the name typed in a failed sign-in (<see cref="AuditLoggerExtensions.LoginFailedAsync"/>).</summary>
    private const string AttemptedUserKey = "attempted_user";

    private static readonly string ProductVersion = InformationalVersion();

    public static void Write(Utf8JsonWriter writer, AuditRecord record, AuditOcsfOptions options)
    {
        var activity = AuditOcsfMapping.Map(record, options);
        var className = AuditOcsfCatalog.ClassName(activity.Class);
        var activityName = AuditOcsfCatalog.ActivityName(activity) ?? record.Action;
        var failed = record.Outcome == AuditOutcome.Failure;
        var sourceIp = IPAddress.TryParse(record.SourceIp, out var ip) ? ip.ToString() : null;

        writer.WriteStartObject();
        writer.WriteNumber("class_uid", (int)activity.Class);
        writer.WriteString("class_name", className);
        writer.WriteNumber("category_uid", AuditOcsfCatalog.CategoryUid(activity.Class));
        writer.WriteString("category_name", AuditOcsfCatalog.CategoryName(activity.Class));
        writer.WriteNumber("activity_id", activity.ActivityId);
        writer.WriteString("activity_name", activityName);
        writer.WriteNumber("type_uid", ((long)activity.Class * 100) + activity.ActivityId);
        writer.WriteString("type_name", $"{className}: {activityName}");
        var (severityId, severity) = Severity(record);
        writer.WriteNumber("severity_id", severityId);
        writer.WriteString("severity", severity);
        writer.WriteNumber("time", record.OccurredAt.ToUnixTimeMilliseconds());
        writer.WriteNumber("status_id", failed ? 2 : 1);
        writer.WriteString("status", failed ? "Failure" : "Success");
        Optional(writer, "status_detail", record.FailureReason);
        Optional(writer, "message", record.Description);
        WriteMetadata(writer, record, options);
        writer.WriteStartObject("actor");
        WriteUser(writer, "user", record.Actor.Id, record.Actor.DisplayName, record.Actor.Type);
        writer.WriteEndObject();
        if (sourceIp is not null || activity.Class == AuditOcsfClass.ApiActivity)
        {
            writer.WriteStartObject("src_endpoint");
            Optional(writer, "ip", sourceIp);
            writer.WriteEndObject();
        }

        if (record.UserAgent is not null)
        {
            writer.WriteStartObject("http_request");
            writer.WriteString("user_agent", record.UserAgent);
            writer.WriteEndObject();
        }

        WriteClassFields(writer, record, activity, options);
        WriteUnmapped(writer, record, sourceIp is null ? record.SourceIp : null);
        writer.WriteEndObject();
    }

    /// <summary>A recorded review finding's severity (OCSF 2 Low to 5 Critical); 1 Informational for every other record.</summary>
    private static (int Id, string Name) Severity(AuditRecord record) => AuditFindingRecords.SeverityOf(record) switch
    {
        AuditFindingSeverity.Low => (2, "Low"),
        AuditFindingSeverity.Medium => (3, "Medium"),
        AuditFindingSeverity.High => (4, "High"),
        AuditFindingSeverity.Critical => (5, "Critical"),
        _ => (1, "Informational"),
    };

    private static void WriteMetadata(Utf8JsonWriter writer, AuditRecord record, AuditOcsfOptions options)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("version", AuditOcsf.SchemaVersion);
        writer.WriteStartObject("product");
        writer.WriteString("name", options.ProductName);
        writer.WriteString("vendor_name", options.VendorName);
        writer.WriteString("version", ProductVersion);
        writer.WriteEndObject();
        writer.WriteString("uid", record.Id);
        writer.WriteString("event_code", record.Action);
        writer.WriteNumber("logged_time", record.RecordedAt.ToUnixTimeMilliseconds());
        Optional(writer, "correlation_uid", record.CorrelationId);
        Optional(writer, "tenant_uid", record.TenantId);
        writer.WriteEndObject();
    }

    /// <summary>What the class requires beside the base event: the user acted on, the entity, the API or the application.</summary>
    private static void WriteClassFields(Utf8JsonWriter writer, AuditRecord record, AuditOcsfActivity activity, AuditOcsfOptions options)
    {
        switch (activity.Class)
        {
            case AuditOcsfClass.AccountChange or AuditOcsfClass.Authentication or AuditOcsfClass.UserAccessManagement:
                // The user the action was done to; for one's own logon or password change, the actor; for an
                // anonymous caller's failed sign-in, the name they tried (LoginFailedAsync's attempted_user).
                if (record.TargetUser is { } target)
                {
                    WriteUser(writer, "user", target.Id, target.DisplayName, type: null);
                }
                else if (AttemptedUserName(record, activity) is { } attempted)
                {
                    writer.WriteStartObject("user");
                    writer.WriteString("name", attempted);
                    writer.WriteEndObject();
                }
                else
                {
                    WriteUser(writer, "user", record.Actor.Id, record.Actor.DisplayName, record.Actor.Type);
                }

                if (activity.Class == AuditOcsfClass.UserAccessManagement)
                {
                    writer.WriteStartArray("privileges");
                    foreach (var privilege in AuditOcsfMapping.Privileges(record))
                    {
                        writer.WriteStringValue(privilege);
                    }

                    writer.WriteEndArray();
                }

                break;
            case AuditOcsfClass.EntityManagement:
                writer.WriteStartObject("entity");
                writer.WriteString("type", record.Resource?.Type ?? record.Action);
                Optional(writer, "uid", record.Resource?.Id);
                Optional(writer, "name", record.Resource?.Name);
                writer.WriteEndObject();
                break;
            case AuditOcsfClass.ApiActivity:
                writer.WriteStartObject("api");
                writer.WriteString("operation", record.Action);
                writer.WriteEndObject();
                break;
            case AuditOcsfClass.ApplicationLifecycle:
                writer.WriteStartObject("app");
                writer.WriteString("name", options.ProductName);
                writer.WriteString("vendor_name", options.VendorName);
                writer.WriteString("version", ProductVersion);
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>Fields OCSF has no place for in the class: the action and its type, the resource, changes, metadata.</summary>
    private static void WriteUnmapped(Utf8JsonWriter writer, AuditRecord record, string? sourceIpText)
    {
        writer.WriteStartObject("unmapped");
        writer.WriteString("action", record.Action);
        writer.WriteString("action_type", record.ActionType.ToString());
        if (record.Resource is { } resource)
        {
            writer.WriteStartObject("resource");
            writer.WriteString("type", resource.Type);
            Optional(writer, "id", resource.Id);
            Optional(writer, "name", resource.Name);
            writer.WriteEndObject();
        }

        Optional(writer, "source_ip", sourceIpText);
        if (record.Changes.Count > 0)
        {
            writer.WritePropertyName("changes");
            AuditJson.WriteChanges(writer, record.Changes);
        }

        if (record.Metadata.Count > 0)
        {
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in record.Metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The user name an anonymous caller tried to sign in as, which is the subject of the Authentication event.</summary>
    private static string? AttemptedUserName(AuditRecord record, AuditOcsfActivity activity) =>
        activity.Class == AuditOcsfClass.Authentication
        && record.Actor.Type == AuditActorType.Anonymous
        && record.Metadata.TryGetValue(AttemptedUserKey, out var name)
        && !string.IsNullOrWhiteSpace(name)
            ? name
            : null;

    private static void WriteUser(Utf8JsonWriter writer, string property, string uid, string? name, AuditActorType? type)
    {
        writer.WriteStartObject(property);
        writer.WriteString("uid", uid);
        Optional(writer, "name", name);
        if (type is { } actorType)
        {
            // OCSF user.type_id: 1 User, 3 System, 99 Other (named by type).
            var (typeId, typeName) = actorType switch
            {
                AuditActorType.User => (1, "User"),
                AuditActorType.System => (3, "System"),
                _ => (99, actorType.ToString()),
            };
            writer.WriteNumber("type_id", typeId);
            writer.WriteString("type", typeName);
        }

        writer.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter writer, string property, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(property, value);
        }
    }

    private static string InformationalVersion()
    {
        var version = typeof(AuditOcsfEventWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
