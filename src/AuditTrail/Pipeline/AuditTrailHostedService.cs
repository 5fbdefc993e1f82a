using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// Ties the pipeline to the host. At start: creates or migrates the store's schema (so a bad store fails the start,
/// not the first request) and starts the writer, which replays what an earlier run left in the spool; once every
/// hosted service has started (a host that fails to start records nothing), records <see cref="AuditActions.AuditStarted"/>.
/// At stop: records <see cref="AuditActions.AuditStopped"/> when the start was recorded, and flushes the queue within
/// the host's shutdown timeout, spooling what it could not commit. A host calls that in <see cref="StoppedAsync"/>,
/// after every hosted service has stopped, so that a service registered before <c>AddAuditTrail</c> (which the host
/// stops after this one) can still record while it stops; a caller that only calls <see cref="StopAsync"/> gets it there.
/// </summary>
/// <remarks>
/// The lifecycle events are fail-open whatever the configured policies say: no business operation waits on them,
/// so when the store cannot take them they belong in the spool.
/// </remarks>
internal sealed partial class AuditTrailHostedService(
    IAuditStore store,
    AuditWriteQueue queue,
    AuditEventNormalizer normalizer,
    AuditFailurePolicyResolver policies,
    IOptions<AuditTrailOptions> options,
    ILogger<AuditTrailHostedService> logger) : IHostedLifecycleService
{
    private bool _started;
    private bool _startRecorded;
    private bool _stoppedByLifecycle;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (queue.SpoolDirectory is null && policies.AnyFailOpen)
        {
            LogNoSpool();
        }

        queue.Start();
        _started = true;
    }

    /// <summary>Runs after every hosted service started: only a host that really started says so in its trail.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_started && options.Value.RecordLifecycleEvents)
        {
            var started = Lifecycle(AuditActions.AuditStarted, "Audit logging started");
            await queue.EnqueueAsync(started, AuditFailurePolicy.FailOpen, waitForCommit: true, cancellationToken).ConfigureAwait(false);
            _startRecorded = true;
        }
    }

    /// <summary>The host calls this before any hosted service stops, and <see cref="StoppedAsync"/> after the last.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stoppedByLifecycle = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _stoppedByLifecycle ? Task.CompletedTask : ShutDownAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => ShutDownAsync(cancellationToken);

    private async Task ShutDownAsync(CancellationToken cancellationToken)
    {
        if (_startRecorded)
        {
            try
            {
                // Queued, not awaited: the flush below commits it last, or spools it when time runs out (also when the
                // queue stays full until then).
                var stopped = Lifecycle(AuditActions.AuditStopped, "Audit logging stopped");
                await queue.EnqueueLastAsync(stopped, AuditFailurePolicy.FailOpen, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Already shut down (StopAsync called twice); nothing more to record.
            }
        }

        await queue.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private AuditRecord Lifecycle(string action, string description)
    {
        var value = options.Value;
        return normalizer.Normalize(
            new AuditEvent
            {
                Action = action,
                ActionType = AuditActionType.Security,
                Actor = AuditActor.System,
                Resource = new AuditResource("audit_trail", null, "Audit trail"),
                Description = description,
                Metadata = new Dictionary<string, string>
                {
                    ["delivery_mode"] = value.DeliveryMode.ToString(),
                    ["host"] = Environment.MachineName,
                    ["process_id"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                    ["spool"] = queue.SpoolDirectory ?? "none",
                },
            },
            context: null);
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Some audit events are fail-open but no spool is configured (AuditTrailOptions.Spool.Directory): while the store fails, durable callers of those events get AuditWriteException and buffered ones are kept in memory and retried.")]
    private partial void LogNoSpool();
}
