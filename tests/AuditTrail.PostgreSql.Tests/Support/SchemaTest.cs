namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>A test class whose every test gets a fresh schema in the shared test database, dropped afterwards.</summary>
[PostgreSqlRequired]
public abstract class SchemaTest : IAsyncLifetime
{
    private TestSchema? _schema;

    protected TestSchema Schema => _schema ?? throw new InvalidOperationException("The schema is created by InitializeAsync.");

    public virtual async Task InitializeAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
