using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.ExternalDialect.Tests.Strategies;

/// <summary>An <see cref="IAuditRowReader"/> over plain ADO.NET: binds <see cref="AuditSqlParameters.Named"/> and reads columns by alias.</summary>
public sealed class AdoRowReader : IAuditRowReader
{
    public int Reads { get; private set; }

    public async ValueTask<IReadOnlyList<AuditRow>?> TryReadAsync(DbConnection connection, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            foreach (var (name, value) in parameters.Named)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            var rows = new List<AuditRow>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // Not every statement selects every column (only chain reads select the hash).
                var ordinals = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, StringComparer.OrdinalIgnoreCase);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(Read(reader, ordinals));
                }
            }

            Reads++;
            return rows;
        }
    }

    /// <summary>Declines: every read goes on a connection the store opens.</summary>
    public ValueTask<IReadOnlyList<AuditRow>?> TryReadOnOwnConnectionAsync(AuditFilter filter, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<AuditRow>?>(null);

    private static AuditRow Read(DbDataReader reader, Dictionary<string, int> ordinals)
    {
        object? Value(string name) => ordinals.TryGetValue(name, out var ordinal) && !reader.IsDBNull(ordinal) ? reader.GetValue(ordinal) : null;
        string? Text(string name) => (string?)Value(name);

        return new AuditRow
        {
            Seq = Convert.ToInt64(Value(nameof(AuditRow.Seq)), System.Globalization.CultureInfo.InvariantCulture),
            Id = Value(nameof(AuditRow.Id))!,
            OccurredAt = Value(nameof(AuditRow.OccurredAt))!,
            RecordedAt = Value(nameof(AuditRow.RecordedAt))!,
            ActorId = Text(nameof(AuditRow.ActorId))!,
            ActorName = Text(nameof(AuditRow.ActorName)),
            ActorType = Text(nameof(AuditRow.ActorType))!,
            Action = Text(nameof(AuditRow.Action))!,
            ActionType = Text(nameof(AuditRow.ActionType))!,
            Outcome = Text(nameof(AuditRow.Outcome))!,
            FailureReason = Text(nameof(AuditRow.FailureReason)),
            ResourceType = Text(nameof(AuditRow.ResourceType)),
            ResourceId = Text(nameof(AuditRow.ResourceId)),
            ResourceName = Text(nameof(AuditRow.ResourceName)),
            Description = Text(nameof(AuditRow.Description)),
            Changes = Text(nameof(AuditRow.Changes))!,
            SourceIp = Text(nameof(AuditRow.SourceIp)),
            UserAgent = Text(nameof(AuditRow.UserAgent)),
            CorrelationId = Text(nameof(AuditRow.CorrelationId)),
            TenantId = Text(nameof(AuditRow.TenantId)),
            Metadata = Text(nameof(AuditRow.Metadata))!,
            Hash = (byte[]?)Value(nameof(AuditRow.Hash)),
        };
    }
}
