using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace AuditTrail.SqlServer.Tests.Support;

/// <summary>
/// An ADO.NET provider that runs nothing: it records what the store sends (transactions, prepares, statements and
/// their parameters) as text, and answers with empty results. Its Prepare refuses untyped parameters, as
/// SqlClient's does, so the golden tests also prove the insert can be prepared by the real client.
/// </summary>
public sealed class RecordingDatabase
{
    private readonly List<string> _log = [];

    /// <summary>What ExecuteScalar returns for a statement; by default null, which makes the store think the schema is not created yet.</summary>
    public Func<string, object?> Scalar { get; set; } = _ => null;

    /// <summary>What ExecuteNonQuery returns for a statement and its parameters' values by name (without '@'); by default 0 rows.</summary>
    public Func<string, IReadOnlyDictionary<string, object?>, int> NonQuery { get; set; } = (_, _) => 0;

    /// <summary>The rows a reader returns for a statement; by default (null) none.</summary>
    public Func<string, DataTable?> Rows { get; set; } = _ => null;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join("\n", _log).TrimEnd() + "\n";
            }
        }
    }

    public void Clear()
    {
        lock (_log)
        {
            _log.Clear();
        }
    }

    public DbConnection CreateConnection() => new RecordingConnection(this);

    public DbDataSource CreateDataSource() => new RecordingDataSource(this);

    internal void Write(string entry)
    {
        lock (_log)
        {
            _log.Add(entry);
        }
    }

    internal static string Format(object? value) => value switch
    {
        null or DBNull => "NULL",
        string text => "N'" + Escape(text) + "'",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    // Control characters written as escapes keep each value on one line of the golden file, whatever Git does to line endings.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\'' => "''",
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                < ' ' => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private sealed class RecordingDataSource(RecordingDatabase database) : DbDataSource
    {
        public override string ConnectionString => "recording";

        protected override DbConnection CreateDbConnection() => new RecordingConnection(database);
    }
}

internal sealed class RecordingConnection(RecordingDatabase database) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    [AllowNull]
    public override string ConnectionString { get; set; } = "recording";

    public override string Database => "recording";

    public override string DataSource => "recording";

    public override string ServerVersion => "16.0";

    public override ConnectionState State => _state;

    public RecordingDatabase Recorder => database;

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    public override void Close() => _state = ConnectionState.Closed;

    public override void Open() => _state = ConnectionState.Open;

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        database.Write($"-- BEGIN TRANSACTION {isolationLevel}");
        return new RecordingTransaction(this, isolationLevel);
    }

    protected override DbCommand CreateDbCommand() => new RecordingCommand(this);
}

internal sealed class RecordingTransaction(RecordingConnection connection, IsolationLevel isolationLevel) : DbTransaction
{
    private bool _done;

    public override IsolationLevel IsolationLevel => isolationLevel;

    protected override DbConnection DbConnection => connection;

    public override void Commit()
    {
        _done = true;
        connection.Recorder.Write("-- COMMIT");
    }

    public override void Rollback()
    {
        _done = true;
        connection.Recorder.Write("-- ROLLBACK");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            Rollback();
        }

        base.Dispose(disposing);
    }
}

internal sealed class RecordingCommand(RecordingConnection connection) : DbCommand
{
    private readonly RecordingParameters _parameters = new();

    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection { get; set; } = connection;

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override int ExecuteNonQuery()
    {
        Record("EXECUTE NON-QUERY");
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DbParameter parameter in _parameters)
        {
            values[parameter.ParameterName.TrimStart('@')] = parameter.Value;
        }

        return connection.Recorder.NonQuery(CommandText, values);
    }

    public override object? ExecuteScalar()
    {
        Record("EXECUTE SCALAR");
        return connection.Recorder.Scalar(CommandText);
    }

    public override void Prepare()
    {
        // SqlClient: "SqlCommand.Prepare method requires all parameters to have an explicitly set type", and a
        // non-zero Size for variable-length types.
        foreach (RecordingParameter parameter in _parameters)
        {
            if (!parameter.IsTyped)
            {
                throw new InvalidOperationException($"Prepare requires every parameter to have an explicitly set type; {parameter.ParameterName} has none.");
            }

            if (parameter.DbType is DbType.String or DbType.Binary && parameter.Size == 0)
            {
                throw new InvalidOperationException($"Prepare requires variable-length parameters to have a non-zero Size; {parameter.ParameterName} has 0.");
            }
        }

        connection.Recorder.Write("-- PREPARE");
    }

    protected override DbParameter CreateDbParameter() => new RecordingParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        Record("EXECUTE READER");
        return (connection.Recorder.Rows(CommandText) ?? new DataTable()).CreateDataReader();
    }

    private void Record(string kind)
    {
        if (Transaction is not null && Transaction.Connection != connection)
        {
            throw new InvalidOperationException("The command's transaction belongs to another connection.");
        }

        var entry = new StringBuilder();
        entry.Append("-- ").Append(kind).Append(Transaction is null ? string.Empty : " (in transaction)").Append('\n');
        entry.Append(CommandText.Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        foreach (RecordingParameter parameter in _parameters)
        {
            entry.Append("-- ").Append(parameter.Describe()).Append('\n');
        }

        connection.Recorder.Write(entry.ToString());
    }
}

internal sealed class RecordingParameter : DbParameter
{
    private DbType _dbType = DbType.String;

    public bool IsTyped { get; private set; }

    public override DbType DbType
    {
        get => _dbType;
        set
        {
            _dbType = value;
            IsTyped = true;
        }
    }

    public override ParameterDirection Direction { get; set; } = ParameterDirection.Input;

    public override bool IsNullable { get; set; }

    [AllowNull]
    public override string ParameterName { get; set; } = string.Empty;

    public override int Size { get; set; }

    [AllowNull]
    public override string SourceColumn { get; set; } = string.Empty;

    public override bool SourceColumnNullMapping { get; set; }

    public override object? Value { get; set; }

    public override void ResetDbType()
    {
        _dbType = DbType.String;
        IsTyped = false;
    }

    public string Describe()
    {
        var name = ParameterName.StartsWith('@') ? ParameterName : "@" + ParameterName;
        var type = IsTyped ? Size != 0 ? $"{DbType}({Size})" : DbType.ToString() : "untyped";
        return $"{name} {type} = {RecordingDatabase.Format(Value)}";
    }
}

internal sealed class RecordingParameters : DbParameterCollection
{
    private readonly List<DbParameter> _items = [];

    public override int Count => _items.Count;

    public override object SyncRoot => _items;

    public override int Add(object value)
    {
        _items.Add((DbParameter)value);
        return _items.Count - 1;
    }

    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    public override void Clear() => _items.Clear();

    public override bool Contains(object value) => _items.Contains((DbParameter)value);

    public override bool Contains(string value) => IndexOf(value) >= 0;

    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    public override int IndexOf(object value) => _items.IndexOf((DbParameter)value);

    public override int IndexOf(string parameterName) =>
        _items.FindIndex(p => string.Equals(p.ParameterName.TrimStart('@'), parameterName.TrimStart('@'), StringComparison.Ordinal));

    public override void Insert(int index, object value) => _items.Insert(index, (DbParameter)value);

    public override void Remove(object value) => _items.Remove((DbParameter)value);

    public override void RemoveAt(int index) => _items.RemoveAt(index);

    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOf(parameterName));

    protected override DbParameter GetParameter(int index) => _items[index];

    protected override DbParameter GetParameter(string parameterName) => _items[IndexOf(parameterName)];

    protected override void SetParameter(int index, DbParameter value) => _items[index] = value;

    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOf(parameterName)] = value;
}
