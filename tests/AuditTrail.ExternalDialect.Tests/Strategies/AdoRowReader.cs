using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.ExternalDialect.Tests.Strategies;

/// <summary>An <see cref="IAuditRowReader"/> over plain ADO.NET: binds <see cref="AuditSqlParameters.Named"/> and fills rows through AuditRow.SlotOf and Set.</summary>
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

            // Columns matched to the stored fields by name, once per statement (only chain reads select the hash).
            List<AuditRow> rows = [];
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var slots = Enumerable.Range(0, reader.FieldCount).Select(i => AuditRow.SlotOf(reader.GetName(i))).ToArray();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new AuditRow();
                    for (var i = 0; i < slots.Length; i++)
                    {
                        row.Set(slots[i], reader.GetValue(i));
                    }

                    rows.Add(row);
                }
            }

            Reads++;
            return rows;
        }
    }

    /// <summary>Declines: every read goes on a connection the store opens.</summary>
    public ValueTask<IReadOnlyList<AuditRow>?> TryReadOnOwnConnectionAsync(AuditFilter filter, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<AuditRow>?>(null);
}
