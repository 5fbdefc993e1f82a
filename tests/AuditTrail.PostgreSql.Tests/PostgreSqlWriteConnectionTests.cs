using AuditTrail.PostgreSql.Tests.Support;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The connections a store keeps for its writes (two, one for each batch in flight): reused, replaced after a failure, never shared.</summary>
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
    public async Task TwoWritesAtOnce_EachKeepsASessionOfItsOwn_AndAThirdTakesAPooledConnection()
    {
        var (firstHeld, releaseFirst) = Hold();
        var first = await firstHeld.Started;

        // The second write alongside the first: the other kept session, the same one each time.
        var second = await BackendAsync();
        (await BackendAsync()).Should().Be(second);
        second.Should().NotBe(first);

        // While two writes run, a third takes a pooled connection instead of waiting.
        var (secondHeld, releaseSecond) = Hold();
        (await secondHeld.Started).Should().Be(second);
        var third = await BackendAsync();
        third.Should().NotBe(first).And.NotBe(second);

        releaseFirst.SetResult();
        releaseSecond.SetResult();
        await firstHeld.Done;
        await secondHeld.Done;
        (await BackendAsync()).Should().BeOneOf(first, second);
    }

    /// <summary>A write that holds its connection until released: its session's process id once it runs, and its end.</summary>
    private (HeldWrite Held, TaskCompletionSource Release) Hold()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = Connection.RunAsync(async connection =>
        {
            started.SetResult(connection.ProcessID);
            await release.Task;
            return connection.ProcessID;
        }, CancellationToken.None);
        return (new HeldWrite(started.Task, done), release);
    }

    private sealed record HeldWrite(Task<int> Started, Task<int> Done);

    private Task<int> BackendAsync() => Connection.RunAsync(async connection =>
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }, CancellationToken.None);
}
