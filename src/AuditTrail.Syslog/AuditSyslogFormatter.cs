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
    private const int Warning = 4;
    private const int Informational = 6;

    private readonly string _hostname = Header(options.Hostname ?? Environment.MachineName, 255);

    /// <summary>The message of <paramref name="record"/>; <paramref name="maxBytes"/> cuts its MSG (at a character boundary) to fit.</summary>
    public byte[] Format(AuditRecord record, long? sequence, int maxBytes = int.MaxValue)
    {
        var severity = record.Outcome == AuditOutcome.Failure ? Warning : Informational;
        var header = new StringBuilder(256)
            .Append('<').Append((options.Facility * 8) + severity).Append(">1 ")
            .Append(AuditChain.FormatTime(record.OccurredAt)).Append(' ')
            .Append(_hostname).Append(' ')
            .Append(options.AppName).Append(" - ")
            .Append(Header(record.Action, 32)).Append(' ');
        AppendStructuredData(header, record, sequence);
        header.Append(' ');

        var head = Encoding.UTF8.GetBytes(header.ToString());
        var body = Body(record);
        var room = Math.Max(0, maxBytes - head.Length - 3);
        var length = body.Length <= room ? body.Length : CharacterBoundary(body, room);
        var message = new byte[head.Length + 3 + length];
        head.CopyTo(message, 0);
        Encoding.UTF8.Preamble.CopyTo(message.AsSpan(head.Length));
        body.AsSpan(0, length).CopyTo(message.AsSpan(head.Length + 3));
        return message;
    }

    private void AppendStructuredData(StringBuilder text, AuditRecord record, long? sequence)
    {
        text.Append('[').Append(options.StructuredDataId);
        Param(text, "id", record.Id.ToString());
        if (sequence is { } seq)
        {
            Param(text, "seq", seq.ToString(CultureInfo.InvariantCulture));
        }

        Param(text, "action", record.Action);
        Param(text, "actionType", record.ActionType.ToString());
        Param(text, "outcome", record.Outcome.ToString());
        Param(text, "actor", record.Actor.Id);
        Param(text, "actorType", record.Actor.Type.ToString());
        Param(text, "actorName", record.Actor.DisplayName);
        Param(text, "targetUser", record.TargetUser?.Id);
        Param(text, "resourceType", record.Resource?.Type);
        Param(text, "resourceId", record.Resource?.Id);
        Param(text, "sourceIp", record.SourceIp);
        Param(text, "tenant", record.TenantId);
        Param(text, "correlationId", record.CorrelationId);
        text.Append(']');
    }

    /// <summary>A PARAM-VALUE: UTF-8, with <c>"</c>, <c>\</c> and <c>]</c> escaped by a backslash (RFC 5424, 6.3.3).</summary>
    private static void Param(StringBuilder text, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        text.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
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
