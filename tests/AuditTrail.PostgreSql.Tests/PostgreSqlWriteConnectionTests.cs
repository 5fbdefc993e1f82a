using AuditTrail.PostgreSql.Tests.Support;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The connection a store keeps for its writes: reused, replaced after a failure, never shared.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlWriteConnectionTests : IAsyncLifetime, IDisposable
{
    private TestSchema? _schema;
    private PostgreSqlWriteConnection? _connection;

    private PostgreSqlWriteConnection Connection => _connection!;

    public void Dispose() => _connection?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async Task InitializeAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
        _connection = new PostgreSqlWriteConnection(_schema.DataSource());
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [PostgreSqlFact]
    public async Task ConsecutiveWrites_RunOnOneServerSession()
    {
        var first = await BackendAsync();

        (await BackendAsync()).Should().Be(first);
    }

    [PostgreSqlFact]
    public async Task AfterAFailure_TheNextWriteOpensAFreshConnection()
    {
        var first = await BackendAsync();
        await TestDatabase.ExecuteAsync(_schema!.ConnectionString, $"SELECT pg_terminate_backend({first})");

        var failed = () => BackendAsync();
        await failed.Should().ThrowAsync<Exception>("the server ended the kept session");

        (await BackendAsync()).Should().NotBe(first);
    }

    [PostgreSqlFact]
    public async Task AConcurrentWrite_TakesAPooledConnection_InsteadOfWaiting()
    {
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var held = Connection.RunAsync(async connection =>
        {
            holding.SetResult();
            await release.Task;
            return connection.ProcessID;
        }, CancellationToken.None);
        await holding.Task;

        var concurrent = await BackendAsync();
        release.SetResult();

        concurrent.Should().NotBe(await held);
    }

    private Task<int> BackendAsync() => Connection.RunAsync(async connection =>
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }, CancellationToken.None);
}
