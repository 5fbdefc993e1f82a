using System.Net;
using System.Net.Http.Json;
using AuditTrail.AspNetCore;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditTrail.Security.Tests.Support;

/// <summary>What a host endpoint is asked to record; the spoofing fields are what an attacker adds, and the host ignores.</summary>
internal sealed record HostEventRequest
{
    public string Action { get; init; } = "server.updated";

    public string? Description { get; init; }

    public string? ResourceType { get; init; }

    public string? ResourceId { get; init; }

    public string? ResourceName { get; init; }

    public string? FailureReason { get; init; }

    public IReadOnlyList<AuditFieldChange>? Changes { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public AuditActor? Actor { get; init; }

    public string? UserId { get; init; }
}

/// <summary>
/// A real ASP.NET Core app on TestServer with the audit middleware, API and viewer over a real SQLite file in a
/// temp directory, header authentication, every log line captured, and one host endpoint that records an event
/// from a JSON body the way an app's handler would (the actor always comes from the request's authenticated user).
/// </summary>
internal sealed class SecurityHost : IAsyncDisposable
{
    public const string ClaimedUserHeader = "X-Claimed-User";

    /// <summary>Sets the connection's remote address, which TestServer leaves empty; stands in for the network.</summary>
    public const string PeerHeader = "X-Test-Peer";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private SecurityHost(WebApplication app, string directory, bool ownsDirectory, CapturingLoggerProvider logs)
    {
        _app = app;
        _ownsDirectory = ownsDirectory;
        Directory = directory;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "audittrail-security-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Deletes a directory that a test passed to <see cref="StartAsync"/> and so owns.</summary>
    public static void DeleteDirectory(string directory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind does not make a test wrong.
        }
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "audit.db");

    public CapturingLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public IAuditLogger Audit => Services.GetRequiredService<IAuditLogger>();

    public IAuditReader Reader => Services.GetRequiredService<IAuditReader>();

    /// <summary>Starts the app; over <paramref name="directory"/> when given (the caller keeps and deletes it, so a restart can reopen it), else over a new temp directory.</summary>
    public static async Task<SecurityHost> StartAsync(
        Action<AuditTrailAspNetCoreOptions>? aspNetCore = null, Action<AuditTrailOptions>? audit = null, string? directory = null)
    {
        var ownsDirectory = directory is null;
        directory ??= NewDirectory();
        var logs = new CapturingLoggerProvider();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);

        builder.Services.AddAuditTrail(options => audit?.Invoke(options))
            .UseSqlite(Path.Combine(directory, "audit.db"))
            .AddAspNetCore(options => aspNetCore?.Invoke(options));
        builder.Services.AddAuthentication(HeaderAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(HeaderAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }

            return next(context);
        });
        app.UseRouting();
        app.UseAuthentication();

        // A host bug the audit trail must survive: an identity nobody authenticated, taken from a request header.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(ClaimedUserHeader, out var claimed))
            {
                context.User.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, claimed.ToString()), new Claim(ClaimTypes.Role, "Admin")]));
            }

            return next(context);
        });

        app.UseAuditTrail();
        app.UseAuthorization();
        app.MapAuditTrail("/audit");
        app.MapPost("/host/record", async (HostEventRequest body, IAuditLogger audit) =>
        {
            var id = await audit.LogAsync(new AuditEvent
            {
                Action = body.Action,
                ActionType = AuditActionType.Update,
                Description = body.Description,
                Resource = body.ResourceType is null ? null : new AuditResource(body.ResourceType, body.ResourceId, body.ResourceName),
                Outcome = body.FailureReason is null ? AuditOutcome.Success : AuditOutcome.Failure,
                FailureReason = body.FailureReason,
                Changes = body.Changes,
                Metadata = body.Metadata,
            });
            return Results.Json(new { id });
        });

        await app.StartAsync();
        return new SecurityHost(app, directory, ownsDirectory, logs);
    }

    public async Task<HttpResponseMessage> GetAsync(string url, Caller? caller, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        caller?.Apply(request);
        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public async Task<string> GetTextAsync(string url, Caller caller)
    {
        using var response = await GetAsync(url, caller);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"GET {url} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    public async Task<Guid> RecordThroughHostAsync(HostEventRequest body, Caller caller, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/host/record") { Content = JsonContent.Create(body) };
        caller.Apply(request);
        configure?.Invoke(request);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Every record, newest first, read as an admin.</summary>
    public async Task<IReadOnlyList<AuditRecord>> RecordsAsync()
    {
        var records = new List<AuditRecord>();
        await foreach (var record in Reader.StreamAsync(AuditViewer.Admin("security-inspector"), new AuditQuery()))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>Moves the write-ahead log into the database file, the way SQLite does on its own from time to time.</summary>
    public async Task CheckpointAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Every stored file (<see cref="StoredFiles"/>) twice: first while the write-ahead log still holds the commits
    /// (checked), then after a checkpoint has moved them into the database file. Names carry the moment.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, byte[] Bytes)>> StoredFilesAroundCheckpointAsync()
    {
        var before = StoredFiles();
        if (!before.ContainsKey("audit.db-wal"))
        {
            throw new InvalidOperationException("The write-ahead log is gone before the check: the test would not read the commits it holds.");
        }

        await CheckpointAsync();
        return [.. before.Select(file => (file.Key + " (before checkpoint)", file.Value)), .. StoredFiles().Select(file => (file.Key + " (after checkpoint)", file.Value))];
    }

    /// <summary>The raw bytes of every file the store keeps: the database, its -wal and -shm, and the spool's segments.</summary>
    public IReadOnlyDictionary<string, byte[]> StoredFiles()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            // The spool's lane locks are held exclusively and hold no data.
            if (path.EndsWith(".lock", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[Path.GetRelativePath(Directory, path)] = copy.ToArray();
        }

        return files;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            DeleteDirectory(Directory);
        }
    }
}
