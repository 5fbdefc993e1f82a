using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Tamper detection on a real store: the trail is written through the library with signed checkpoints, then the
/// database (or the checkpoint folder) is edited directly, as an attacker with database access would, and the
/// verifier must name the kind of problem and the row. A store's test project derives from this class.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests : IAsyncLifetime
{
    private readonly string _checkpoints = Path.Combine(Path.GetTempPath(), "audittrail-checkpoints", Guid.NewGuid().ToString("N"));
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private ServiceProvider? _services;

    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 14, 34, 0, TimeSpan.Zero));

    protected IServiceProvider Services => _services!;

    protected IAuditLogger Logger => Services.GetRequiredService<IAuditLogger>();

    protected IAuditVerifier Verifier => Services.GetRequiredService<IAuditVerifier>();

    protected IAuditCheckpointWriter Checkpoints => Services.GetRequiredService<IAuditCheckpointWriter>();

    /// <summary>A new store instance over the test's database (called more than once for the two-instance test).</summary>
    protected abstract IAuditStore CreateStore();

    /// <summary>A connection of its own to the test's database.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync();

    /// <summary>The audit table's name as SQL refers to it.</summary>
    protected abstract string Table { get; }

    /// <summary>The anchor table's name as SQL refers to it.</summary>
    protected abstract string ChainTable { get; }

    /// <summary>The statement that drops the append-only trigger, as an attacker with database rights would.</summary>
    protected abstract string DropAppendOnlyTrigger { get; }

    public virtual Task InitializeAsync()
    {
        _services = Build(CreateStore());
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _key.Dispose();
        if (Directory.Exists(_checkpoints))
        {
            Directory.Delete(_checkpoints, recursive: true);
        }
    }

    private ServiceProvider Build(IAuditStore store, Action<AuditTrailOptions>? configure = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        if (logs is not null)
        {
            services.AddLogging(logging => logging.AddProvider(logs));
        }

        services.AddAuditTrail(o =>
        {
            o.WriteRetryDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        })
            .UseStore(_ => store)
            .AddCheckpoints(o =>
            {
                o.SigningKey = _key;
                o.Directory = _checkpoints;
            });
        return services.BuildServiceProvider();
    }

    private async Task<List<Guid>> WriteTrailAsync(int count)
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= count; i++)
        {
            ids.Add(await Logger.LogAsync(new AuditEvent
            {
                Action = "server.updated",
                ActionType = AuditActionType.Update,
                Actor = AuditActor.User($"u-{i % 3}", $"User {i % 3}"),
                Resource = new AuditResource("server", $"srv-{i}", $"web-{i:00}"),
                Changes = [new AuditFieldChange("load_multiplier", "1.0", $"1.{i}")],
                SourceIp = "203.0.113.10",
                Metadata = new Dictionary<string, string> { ["n"] = $"{i}" },
            }));
        }

        return ids;
    }

    private async Task<AuditIntegrityProblem> ProblemAsync()
    {
        var report = await Verifier.VerifyAsync();
        report.IsValid.Should().BeFalse("the trail was tampered with");
        return report.Problem!;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var connection = await OpenConnectionAsync();
        await using (connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Verify_UntouchedTrail_IsValidWithEveryRowAndCheckpoint()
    {
        await WriteTrailAsync(10);
        await Checkpoints.CheckpointAsync();
        await WriteTrailAsync(2);

        var report = await Verifier.VerifyAsync();

        report.Problem.Should().BeNull();
        report.RowsVerified.Should().Be(12);
        report.LastSequence.Should().Be(12);
        report.CheckpointsVerified.Should().Be(1);
        report.NewestCheckpointSequence.Should().Be(10);
    }

    [Fact]
    public async Task Verify_FieldUpdatedInTheDatabase_ReportsTheModifiedRow()
    {
        var ids = await WriteTrailAsync(10);
        await Checkpoints.CheckpointAsync();
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET description = 'nothing happened' WHERE seq = 4");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(4);
        problem.EventId.Should().Be(ids[3]);
    }

    [Fact]
    public async Task Verify_MiddleRowDeleted_ReportsTheGap()
    {
        await WriteTrailAsync(10);

        await ExecuteAsync($"DELETE FROM {Table} WHERE seq = 5");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.MissingRow);
        problem.Sequence.Should().Be(5);
    }

    [Fact]
    public async Task Verify_TwoRowsSwapped_ReportsReordering()
    {
        var ids = await WriteTrailAsync(10);
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET seq = -3 WHERE seq = 3");
        await ExecuteAsync($"UPDATE {Table} SET seq = 3 WHERE seq = 6");
        await ExecuteAsync($"UPDATE {Table} SET seq = 6 WHERE seq = -3");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ReorderedRows);
        problem.Sequence.Should().Be(3);
        problem.EventId.Should().Be(ids[2], "the event written as row 3 is named");
    }

    [Fact]
    public async Task Verify_TailDeleted_ReportsTruncationAgainstTheCheckpoint()
    {
        await WriteTrailAsync(10);
        await Checkpoints.CheckpointAsync();

        await ExecuteAsync($"DELETE FROM {Table} WHERE seq >= 8");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.TruncatedTail);
        problem.Sequence.Should().Be(8);
    }

    [Fact]
    public async Task Verify_ChainRecomputedConsistentlyWithoutTheKey_ReportsARewrittenChain()
    {
        await WriteTrailAsync(10);
        await Checkpoints.CheckpointAsync();
        await ExecuteAsync(DropAppendOnlyTrigger);
        await ExecuteAsync($"UPDATE {Table} SET description = 'rewritten history' WHERE seq = 4");

        // The attacker recomputes every hash from the edited row on, so each row matches its own hash again.
        var chain = (IAuditChainStore)Services.GetRequiredService<IAuditStore>();
        var entries = await chain.ReadChainAsync(0).ToListAsync();
        var previous = AuditChain.GenesisHash.ToArray();
        foreach (var entry in entries)
        {
            var hash = AuditChain.ComputeHash(previous, entry.Sequence, entry.Record);
            await ExecuteAsync($"UPDATE {Table} SET hash = @hash WHERE seq = @seq", ("@hash", hash), ("@seq", entry.Sequence));
            previous = hash;
        }

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.RewrittenChain);
        problem.Sequence.Should().Be(10, "the checkpoint at row 10 no longer matches");
    }

    [Fact]
    public async Task Verify_CheckpointSignedWithAnUnknownKey_IsReported()
    {
        await WriteTrailAsync(5);
        await Checkpoints.CheckpointAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var sink = new FileSystemAuditCheckpointSink(_checkpoints);
        var head = await ((IAuditChainStore)Services.GetRequiredService<IAuditStore>()).GetHeadAsync();
        var previous = (await sink.ReadAllAsync())[^1];

        await sink.WriteAsync(new AuditCheckpointSigner(stranger).Sign(AuditCheckpointKind.Head, head!, Clock.GetUtcNow(), previous));

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.UnknownKey);
        problem.Message.Should().Contain(AuditKeyRing.KeyIdOf(stranger));
    }

    [Fact]
    public async Task Verify_CheckpointFileEdited_ReportsABadSignature()
    {
        await WriteTrailAsync(5);
        await Checkpoints.CheckpointAsync();
        var file = Directory.GetFiles(_checkpoints, "*.json").Single();
        var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(await File.ReadAllTextAsync(file), AuditJson.Options)!;

        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(checkpoint with { Sequence = 3 }, AuditJson.Options));

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.BadSignature);
    }

    [Fact]
    public async Task Verify_CheckpointRemoved_ReportsTheBrokenCheckpointChain()
    {
        await WriteTrailAsync(3);
        await Checkpoints.CheckpointAsync();
        await WriteTrailAsync(3);
        await Checkpoints.CheckpointAsync();
        await WriteTrailAsync(3);
        await Checkpoints.CheckpointAsync();

        File.Delete(Directory.GetFiles(_checkpoints, "*.json").Order(StringComparer.Ordinal).ElementAt(1));

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.CheckpointChainBroken);
        problem.Sequence.Should().Be(9);
    }

    [Fact]
    public async Task Verify_AfterRetentionPurge_IsValidFromTheSignedAnchor_AndAHandDeletionIsStillReported()
    {
        await _services!.DisposeAsync();
        _services = Build(CreateStore(), o => o.Retention.Period = TimeSpan.FromDays(30));
        for (var i = 0; i < 6; i++)
        {
            await Logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create, OccurredAt = Clock.GetUtcNow().AddDays(-60 + i) });
        }

        await WriteTrailAsync(4);
        await Checkpoints.CheckpointAsync();

        var purged = await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(6);
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.Anchor!.Sequence.Should().Be(6);
        Directory.GetFiles(_checkpoints, "*-anchor-6.json").Should().ContainSingle("the purge left a signed anchor");

        await ExecuteAsync($"DELETE FROM {Table} WHERE seq = 7");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.MissingRow);
        problem.Sequence.Should().Be(7);
    }

    [Fact]
    public async Task Verify_AnchorRewrittenInTheDatabase_IsReported()
    {
        await _services!.DisposeAsync();
        _services = Build(CreateStore(), o => o.Retention.Period = TimeSpan.FromDays(30));
        await Logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create, OccurredAt = Clock.GetUtcNow().AddDays(-60) });
        await WriteTrailAsync(3);
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        // Hiding more rows: delete the next one and move the anchor past it.
        var chain = (IAuditChainStore)Services.GetRequiredService<IAuditStore>();
        var second = await chain.ReadChainAsync(1).FirstAsync();
        await ExecuteAsync($"DELETE FROM {Table} WHERE seq = 2");
        await ExecuteAsync($"UPDATE {ChainTable} SET anchor_seq = 2, anchor_hash = @hash", ("@hash", second.Hash));

        (await Verifier.VerifyAsync()).Problem!.Kind.Should().Be(AuditIntegrityProblemKind.RewrittenChain);
    }

    [Fact]
    public async Task Chain_FiftyConcurrentWriters_AndTwoInstances_FormOneContiguousValidChain()
    {
        var other = Build(CreateStore());
        await using (other)
        {
            var loggers = new[] { Logger, other.GetRequiredService<IAuditLogger>() };
            var writers = Enumerable.Range(0, 50).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 4; i++)
                {
                    await loggers[w % 2].LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"{w}/{i}" });
                }
            }));
            await Task.WhenAll(writers);
        }

        var chain = (IAuditChainStore)Services.GetRequiredService<IAuditStore>();
        var entries = await chain.ReadChainAsync(0).ToListAsync();
        entries.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i), "the sequence is contiguous");
        entries.Select(e => e.Record.Id).Should().OnlyHaveUniqueItems();
        (await Verifier.VerifyAsync()).Problem.Should().BeNull();
    }
}
