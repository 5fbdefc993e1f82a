namespace AuditTrail;

/// <summary>Options of the audit pipeline, set through <c>services.AddAuditTrail(options => ...)</c>; validated at start.</summary>
public sealed class AuditTrailOptions
{
    /// <summary>
    /// The sensitive names redacted by default: matched case-insensitively, ignoring <c>_</c>, <c>-</c>, <c>.</c> and
    /// spaces, as a substring of a field or metadata name; a name of three letters or fewer only where it ends a word of
    /// the name, or begins one followed by nothing, a plural <c>s</c> or three letters or more (words split at
    /// separators, case changes and digits: <c>pin</c> matches <c>pincode</c>, not <c>ping_interval</c>).
    /// </summary>
    public static IReadOnlyList<string> DefaultSensitiveNames { get; } =
    [
        "password", "passwd", "pwd", "secret", "token", "apikey", "connectionstring",
        "authorization", "cookie", "credential", "privatekey", "sessionid", "otp", "mfacode", "pin",
    ];

    /// <summary>When <see cref="IAuditLogger.LogAsync"/> completes. Default <see cref="AuditDeliveryMode.Durable"/>.</summary>
    public AuditDeliveryMode DeliveryMode { get; set; } = AuditDeliveryMode.Durable;

    /// <summary>How many events may wait for the writer; callers wait beyond that. Default 10 000; 1 to 1 000 000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>The most events the writer commits in one transaction. Default 1 000 (the batch size at which SQLite ingest reaches its limit); 1 to 10 000.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>
    /// How long the writer may hold a batch open for the callers its previous commit released. Durable callers that
    /// log again as soon as their event is committed would otherwise reach the queue just after the writer took the
    /// next batch, and alternate between two half-size transactions. The writer waits only when its previous commit
    /// released callers that were waiting for it, only until as many events are in the batch as were in flight then
    /// (the events of those callers and the events queued behind them), and at most this long: a single caller never
    /// waits, and buffered events never wait. Default 1 ms; <see cref="TimeSpan.Zero"/> turns it off; up to 100 ms.
    /// </summary>
    public TimeSpan GroupCommitWait { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Whether the writer may send the next batch while the previous one's commit is still running, when the store
    /// keeps such batches in order (<see cref="IAuditOrderedSink"/>, the PostgreSQL store): at most two batches in
    /// flight, so that encoding and sending one overlap the database's work on the other. A batch whose predecessor
    /// was not stored when it took its turn is written again the ordinary way, after it, so the store still receives
    /// events in the order they were accepted and the failure policies apply as with one batch at a time. The writer
    /// sends a batch ahead only behind a full one (<see cref="MaxBatchSize"/>): events then queue faster than one batch
    /// at a time commits them (buffered writes under load); smaller batches, such as durable callers' group commits,
    /// are written one at a time. Default <see langword="true"/>; <see langword="false"/> writes one batch at a time
    /// with every store.
    /// </summary>
    public bool PipelineWrites { get; set; } = true;

    /// <summary>
    /// How many times the writer tries a batch whose failure is transient (or unknown) before it applies the
    /// events' <see cref="AuditFailurePolicy"/>; a persistent failure (full disk, read-only database) applies it at
    /// once. Default 3; 1 to 100.
    /// </summary>
    public int MaxWriteAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry of a failed batch; it doubles on each retry, with jitter, up to 30 s. Default 100 ms; 0 to 1 minute.</summary>
    public TimeSpan WriteRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Names whose values are never stored: a change or metadata entry whose name contains one of these
    /// (case-insensitive, ignoring <c>_</c>, <c>-</c>, <c>.</c> and spaces; a name of three letters or fewer only at the
    /// end of a word of it, or at its start as a word of its own, as <see cref="DefaultSensitiveNames"/> says) is stored as <see cref="AuditFieldChange.Redacted"/>.
    /// Starts with <see cref="DefaultSensitiveNames"/>; add to it, or clear it to opt out.
    /// </summary>
    public IList<string> SensitiveNames { get; } = [.. DefaultSensitiveNames];

    /// <summary>
    /// Pseudonymisation of <see cref="AuditEvent.SourceIp"/> before it is stored: none (the default), truncation to a
    /// network prefix, or a keyed HMAC. The <see cref="AuditQuery.SourceIp"/> filter applies the same transform.
    /// </summary>
    public AuditIpPseudonymizationOptions SourceIpPseudonymization { get; } = new();

    /// <summary>The retention policy.</summary>
    public AuditRetentionOptions Retention { get; } = new();

    /// <summary>Erasure of a person's personal fields (<see cref="IAuditErasure"/>): the key of the pseudonyms.</summary>
    public AuditErasureOptions Erasure { get; } = new();

    /// <summary>How records are written as OCSF events: the host's own action mappings and the product names.</summary>
    public AuditOcsfOptions Ocsf { get; } = new();

    /// <summary>
    /// What happens when the store cannot commit an event after the bounded retries, unless
    /// <see cref="FailurePolicyByAction"/> or <see cref="FailurePolicyByActionType"/> say otherwise.
    /// Default <see cref="AuditFailurePolicy.FailOpen"/>: the event goes to the <see cref="Spool"/>.
    /// </summary>
    public AuditFailurePolicy FailurePolicy { get; set; } = AuditFailurePolicy.FailOpen;

    /// <summary>
    /// The failure policy per action type, overriding <see cref="FailurePolicy"/>. Starts with
    /// <see cref="AuditActionType.Security"/> = <see cref="AuditFailurePolicy.FailClosed"/>, which covers credential,
    /// MFA, role, permission and API key changes; remove or change the entry to opt out.
    /// </summary>
    public IDictionary<AuditActionType, AuditFailurePolicy> FailurePolicyByActionType { get; } =
        new Dictionary<AuditActionType, AuditFailurePolicy> { [AuditActionType.Security] = AuditFailurePolicy.FailClosed };

    /// <summary>
    /// The failure policy per action code (for example <c>server.deleted</c>; compared ignoring case), overriding
    /// <see cref="FailurePolicyByActionType"/> and <see cref="FailurePolicy"/>. Empty by default.
    /// </summary>
    public IDictionary<string, AuditFailurePolicy> FailurePolicyByAction { get; } =
        new Dictionary<string, AuditFailurePolicy>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The durable local spool of fail-open events.</summary>
    public AuditSpoolOptions Spool { get; } = new();

    /// <summary>
    /// Whether a viewer who is not an admin sees, besides their own actions, the records whose target user they are
    /// (<see cref="AuditRecord.TargetUser"/>: an admin changing their role, deactivating their account, resetting their
    /// password). Every read of <see cref="IAuditReader"/> applies it: pages, get by id, counts, facets, search and
    /// exports. Default <see langword="true"/>; <see langword="false"/> limits such a viewer to their own actions.
    /// </summary>
    public bool IncludeRecordsAboutViewer { get; set; } = true;

    /// <summary>
    /// Whether the pipeline records its own start and stop as System events (<see cref="AuditActions.AuditStarted"/>,
    /// <see cref="AuditActions.AuditStopped"/>), as PCI DSS 10.2.1.6 asks. Default <see langword="true"/>.
    /// </summary>
    public bool RecordLifecycleEvents { get; set; } = true;
}
