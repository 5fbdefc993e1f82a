using AuditTrail.PostgreSql.Tests.Support;
using AuditTrail.Spool;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The outage promise on PostgreSQL with nothing but <c>UseNpgsql</c>: the server stops, fail-open events are spooled
/// in the application's default spool directory, and come back once it starts again. On a cluster of the test's own,
/// since stopping the shared server would fail the tests running beside it.
/// </summary>
public sealed class ServerOutageTests
{
    private const string Application = "Billing.Api";

    private static AuditEvent Routine(string description) =>
        new() { Id = Guid.CreateVersion7(), Action = "invoice.updated", ActionType = AuditActionType.Update, Description = description };

    [PostgreSqlFact]
    public async Task ServerStopped_FailOpenEventsGoToTheDefaultSpool_AndReachTheStoreOnceInOrderAfterItsRestart()
    {
        await using var cluster = await ThrowawayCluster.StartNewAsync();
        var home = Directory.CreateTempSubdirectory("audittrail-pg-home-").FullName;
        try
        {
            using var host = Build(cluster.ConnectionString, home);
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            var expected = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                expected.Add(await logger.LogAsync(Routine($"before #{i}")));
            }

            await cluster.StopAsync();
            for (var i = 0; i < 5; i++)
            {
                expected.Add(await logger.LogAsync(Routine($"during #{i}")));
            }

            var security = new AuditEvent { Id = Guid.CreateVersion7(), Action = AuditActions.RoleChanged, ActionType = AuditActionType.Security };
            var failClosed = () => logger.LogAsync(security);
            await failClosed.Should().ThrowAsync<AuditWriteException>("a fail-closed event is never spooled");

            var spool = Path.Combine(home, "AuditTrail", "spool", $"{Application}-{FileSpoolDefaultDirectory.Discriminator(Identity(cluster.ConnectionString))}");
            Directory.EnumerateFiles(spool, "*.spool", SearchOption.AllDirectories).Should().NotBeEmpty("the events wait in the default spool directory");
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(spool).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            await cluster.StartAsync();
            var stored = await PollStoredIdsAsync(cluster.ConnectionString, expected.Count, TimeSpan.FromSeconds(15));

            stored.Should().OnlyHaveUniqueItems();
            stored.Should().NotContain(security.Id!.Value);
            stored.Where(expected.Contains).Should().Equal(expected, "each event once, spooled ones after those before the outage, in the order they were accepted");
            var report = await host.Services.GetRequiredService<IAuditVerifier>().VerifyAsync();
            report.IsValid.Should().BeTrue(report.Problem?.Message);
            report.RowsVerified.Should().Be(stored.Count);
            Directory.EnumerateFiles(spool, "*.spool", SearchOption.AllDirectories).Should().BeEmpty("replayed segments are deleted");
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static IHost Build(string connectionString, string home)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, ApplicationName = Application });
        builder.Logging.ClearProviders();
        builder.Services.AddAuditTrail(options =>
        {
            options.MaxWriteAttempts = 2;
            options.WriteRetryDelay = TimeSpan.FromMilliseconds(10);
            options.Spool.ReplayInterval = TimeSpan.FromMilliseconds(100);
        }).UseNpgsql(connectionString);
        builder.Services.AddTestSpoolFolder(home);
        return builder.Build();
    }

    /// <summary>The identity <c>UseNpgsql</c> gives the store: server, database, default schema and table.</summary>
    private static string Identity(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{connection.Host}:{connection.Port}/{connection.Database}/public.audit_events";
    }

    /// <summary>The stored ids in chain order, once at least <paramref name="count"/> of the test's rows are there (the lifecycle event is one more).</summary>
    private static async Task<List<Guid>> PollStoredIdsAsync(string connectionString, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var ids = await TestDatabase.ColumnAsync<Guid>(connectionString, "SELECT id FROM public.audit_events ORDER BY seq");
                if (ids.Count > count)
                {
                    return ids;
                }
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // The server is still starting.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The spooled events did not reach the store within {timeout}.");
            }

            await Task.Delay(50);
        }
    }
}
