using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditTrail.Syslog;

/// <summary>
/// Formats a record as an RFC 5424 message: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME - MSGID [SD] BOM MSG</c>, the
/// record's fields in one structured data element and the record itself (JSON or OCSF) as the UTF-8 MSG.
/// </summary>
internal sealed class AuditSyslogFormatter(AuditSyslogOptions options, AuditOcsfOptions ocsf)
{
    private const int Critical = 2;
    private const int Error = 3;
    private const int Warning = 4;
    private const int Notice = 5;
    private const int Informational = 6;

    /// <summary>
    /// The structured data parameters after <c>id</c> and <c>seq</c>, in the order they are written; a message over
    /// the limit drops them from the last while its structured data alone is over.
    /// </summary>
    private static readonly Func<AuditRecord, (string Name, string? Value)>[] Fields =
    [
        record => ("action", record.Action),
        record => ("actionType", record.ActionType.ToString()),
        record => ("outcome", record.Outcome.ToString()),
        record => ("actor", record.Actor.Id),
        record => ("actorType", record.Actor.Type.ToString()),
        record => ("actorName", record.Actor.DisplayName),
        record => ("targetUser", record.TargetUser?.Id),
        record => ("resourceType", record.Resource?.Type),
        record => ("resourceId", record.Resource?.Id),
        record => ("sourceIp", record.SourceIp),
        record => ("tenant", record.TenantId),
        record => ("correlationId", record.CorrelationId),
    ];

    private readonly string _hostname = Header(options.Hostname ?? Environment.MachineName, 255);

    /// <summary>
    /// The message of <paramref name="record"/>, at most <paramref name="maxBytes"/> long where it can be: a longer one
    /// is marked <c>truncated="true"</c> in its structured data and has its MSG cut (at a character boundary), and
    /// when the structured data alone is over, its fields after <c>id</c> and <c>seq</c> are dropped from the last.
    /// </summary>
    public byte[] Format(AuditRecord record, long? sequence, int maxBytes = int.MaxValue)
    {
        var body = Body(record);
        var head = Head(record, sequence, Fields.Length, truncated: false);
        if (head.Length + 3 + body.Length > maxBytes)
        {
            var fields = Fields.Length;
            do
            {
                head = Head(record, sequence, fields, truncated: true);
            }
            while (head.Length + 3 > maxBytes && fields-- > 0);
        }

        var room = Math.Max(0, maxBytes - head.Length - 3);
        var length = body.Length <= room ? body.Length : CharacterBoundary(body, room);
        var message = new byte[head.Length + 3 + length];
        head.CopyTo(message, 0);
        Encoding.UTF8.Preamble.CopyTo(message.AsSpan(head.Length));
        body.AsSpan(0, length).CopyTo(message.AsSpan(head.Length + 3));
        return message;
    }

    /// <summary>
    /// A recorded review finding at its severity (5 notice, 4 warning, 3 error, 2 critical); any other record 4 warning
    /// when its outcome is a failure, 6 informational otherwise.
    /// </summary>
    private static int Severity(AuditRecord record) => AuditFindingRecords.SeverityOf(record) switch
    {
        AuditFindingSeverity.Low => Notice,
        AuditFindingSeverity.Medium => Warning,
        AuditFindingSeverity.High => Error,
        AuditFindingSeverity.Critical => Critical,
        _ => record.Outcome == AuditOutcome.Failure ? Warning : Informational,
    };

    /// <summary>The header and the structured data with the first <paramref name="fields"/> of <see cref="Fields"/>, ending in a space.</summary>
    private byte[] Head(AuditRecord record, long? sequence, int fields, bool truncated)
    {
        var severity = Severity(record);
        var text = new StringBuilder(256)
            .Append('<').Append((options.Facility * 8) + severity).Append(">1 ")
            .Append(AuditChain.FormatTime(record.OccurredAt)).Append(' ')
            .Append(_hostname).Append(' ')
            .Append(options.AppName).Append(" - ")
            .Append(Header(record.Action, 32)).Append(' ');
        text.Append('[').Append(options.StructuredDataId);
        Param(text, "id", record.Id.ToString());
        if (sequence is { } seq)
        {
            Param(text, "seq", seq.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var field in Fields.Take(fields))
        {
            var (name, value) = field(record);
            Param(text, name, value);
        }

        if (truncated)
        {
            Param(text, "truncated", "true");
        }

        return Encoding.UTF8.GetBytes(text.Append("] ").ToString());
    }

    /// <summary>
    /// A PARAM-VALUE: UTF-8, with <c>"</c>, <c>\</c> and <c>]</c> escaped by a backslash (RFC 5424, 6.3.3), and a control
    /// character (a line feed, say) written as <c>\uXXXX</c>, so that no receiver or relay that frames messages by
    /// lines reads a value's line break as the start of another message (the MSG has the value as given, in JSON).
    /// </summary>
    private static void Param(StringBuilder text, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        text.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                continue;
            }

            if (c is '"' or '\\' or ']')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        text.Append('"');
    }

    private byte[] Body(AuditRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, AuditJson.WriterOptions))
        {
            if (options.Payload == AuditSyslogPayload.Ocsf)
            {
                AuditOcsf.WriteEvent(writer, record, ocsf);
            }
            else
            {
                AuditJson.WriteRecord(writer, record);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A header field: printable ASCII only (others become <c>_</c>), at most <paramref name="max"/> characters, <c>-</c> when empty.</summary>
    private static string Header(string text, int max)
    {
        if (text.Length == 0)
        {
            return "-";
        }

        var chars = text.Length > max ? text[..max].ToCharArray() : text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is < '!' or > '~')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    /// <summary>The largest length up to <paramref name="room"/> that ends between two UTF-8 characters.</summary>
    private static int CharacterBoundary(byte[] bytes, int room)
    {
        var length = room;
        while (length > 0 && (bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }

        return length;
    }
}
