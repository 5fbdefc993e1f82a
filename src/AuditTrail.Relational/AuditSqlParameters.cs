using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// The parameters of one SQL statement being built. Every value a statement uses is bound through
/// <see cref="Add"/>, never spliced into the text.
/// </summary>
public sealed class AuditSqlParameters
{
    private readonly List<KeyValuePair<string, object?>> _named = [];

    /// <summary>
    /// The bound values by placeholder (<c>@p0</c>, <c>@p1</c>, ...), in the order they were added: for an
    /// <see cref="IAuditRowReader"/> that executes statements without ADO.NET.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Named => _named;

    /// <summary>The same values as Dapper takes them.</summary>
    internal DynamicParameters ToDynamicParameters()
    {
        var values = new DynamicParameters();
        foreach (var (name, value) in _named)
        {
            values.Add(name, value);
        }

        return values;
    }

    /// <summary>Binds a value and returns its placeholder (<c>@p0</c>, <c>@p1</c>, ...).</summary>
    /// <param name="value">The value; <see langword="null"/> binds SQL NULL.</param>
    /// <returns>The placeholder to put in the SQL text.</returns>
    public string Add(object? value)
    {
        var name = "@p" + _named.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _named.Add(new(name, value));
        return name;
    }
}
