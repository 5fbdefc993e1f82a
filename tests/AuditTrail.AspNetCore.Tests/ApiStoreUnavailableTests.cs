using System.Data.Common;
using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;
using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>The API while its store cannot be reached (a PostgreSQL server stopped or restarting).</summary>
public sealed class ApiStoreUnavailableTests : IAsyncLifetime
{
    private readonly ReadsDown _down = new();
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(o => o.Audit = audit => audit.UseStore(services =>
        new DownStore(new SqliteAuditStore(services.GetRequiredService<IOptions<SqliteAuditStoreOptions>>().Value), _down)));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/audit/api/events")]
    [InlineData("/audit/api/events/0b9f3c0e-54a4-4c7e-a5c3-3a8e8c0f1a11")]
    [InlineData("/audit/api/facets")]
    [InlineData("/audit/api/count")]
    [InlineData("/audit/api/export.csv")]
    public async Task Read_StoreUnreachable_Is503ProblemWithRetryAfter_NotA500(string url)
    {
        _down.Transient = true;

        using var response = await _app.GetAsync(url, TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("title").GetString().Should().Be("The audit store is unavailable");
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(503);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("connection refused", "the server's own message stays in the log");
    }

    [Fact]
    public async Task Read_StoreBackAfterAnOutage_Answers200()
    {
        _down.Transient = true;
        using (var during = await _app.GetAsync("/audit/api/events", TestUser.Admin))
        {
            during.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        _down.Transient = false;
        using var after = await _app.GetAsync("/audit/api/events", TestUser.Admin);

        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Read_DatabaseErrorThatIsNotTransient_IsNotDressedAsAnOutage()
    {
        _down.Permanent = true;

        var read = () => _app.GetAsync("/audit/api/events", TestUser.Admin);

        // TestServer surfaces an unhandled exception to the caller, as Kestrel answers 500.
        await read.Should().ThrowAsync<TestDbException>();
    }

    private sealed class ReadsDown
    {
        public volatile bool Transient;
        public volatile bool Permanent;

        public void ThrowIfDown()
        {
            if (Transient)
            {
                throw new TestDbException(transient: true);
            }

            if (Permanent)
            {
                throw new TestDbException(transient: false);
            }
        }
    }

    private sealed class TestDbException(bool transient) : DbException(transient ? "connection refused" : "syntax error at or near \"SELEC\"")
    {
        public override bool IsTransient => transient;
    }

    /// <summary>The SQLite store whose reads fail while <see cref="ReadsDown"/> says so; writes go on.</summary>
    private sealed class DownStore(IAuditStore inner, ReadsDown down) : DelegatingAuditStore(inner)
    {
        public override Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default)
        {
            down.ThrowIfDown();
            return base.QueryAsync(query, cancellationToken);
        }

        public override IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default)
        {
            down.ThrowIfDown();
            return base.StreamAsync(filter, cancellationToken);
        }

        public override Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default)
        {
            down.ThrowIfDown();
            return base.CountAsync(filter, cancellationToken);
        }

        public override Task<long> CountUpToAsync(AuditFilter filter, long limit, CancellationToken cancellationToken = default)
        {
            down.ThrowIfDown();
            return base.CountUpToAsync(filter, limit, cancellationToken);
        }

        public override Task<AuditCount> CountWithinAsync(AuditFilter filter, long limit, TimeSpan timeLimit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
        {
            down.ThrowIfDown();
            return base.CountWithinAsync(filter, limit, timeLimit, timeProvider, cancellationToken);
        }

        public override Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
        {
            down.ThrowIfDown();
            return base.GetAsync(id, cancellationToken);
        }

        public override Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default)
        {
            down.ThrowIfDown();
            return base.GetFacetsAsync(filter, cancellationToken);
        }
    }
}
