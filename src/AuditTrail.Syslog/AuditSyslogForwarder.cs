namespace AuditTrail.Syslog;

/// <summary>
/// Sends audit records to a syslog receiver as RFC 5424 messages: facility and APP-NAME as configured, severity
/// informational (warning for a failed outcome), the action as MSGID, the record's fields as one structured data
/// element, and the record (AuditTrail JSON or OCSF) as the UTF-8 MSG. Over TCP and TLS a batch that fails is sent
/// once more on a new connection before the failure is reported, and the batch written last on a connection the
/// receiver closed is written again on the next one (it may not have been read: TCP syslog has no acknowledgement),
/// so a receiver that restarted between two batches loses nothing. Over RELP (<see cref="AuditSyslogTransport.Relp"/>)
/// a batch counts only once the receiver answered each of its messages, so a receiver that stops or crashes loses
/// nothing it did not answer. Over UDP and RELP a message longer than <see cref="AuditSyslogOptions.MaxUdpMessageBytes"/>
/// or <see cref="AuditSyslogOptions.MaxRelpMessageBytes"/> is cut and marked <c>truncated="true"</c>, keeping its
/// <c>id</c> and <c>seq</c>, so a large record never holds the forwarder. Delivery is at least once, and the record id
/// (<c>id</c> in the structured data) is the key to deduplicate by.
/// </summary>
public sealed class AuditSyslogForwarder : IAuditConsumer, IAsyncDisposable
{
    private readonly AuditSyslogOptions _options;
    private readonly AuditSyslogFormatter _formatter;
    private readonly IAuditSyslogSender _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The certificates read from <see cref="AuditSyslogOptions.TlsTrustedAuthorityFiles"/>, which this forwarder owns.</summary>
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2Collection _loadedAuthorities = [];

    /// <summary>The certificate read from <see cref="AuditSyslogOptions.TlsClientCertificateFile"/>, which this forwarder owns.</summary>
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _loadedClientCertificate;
    private bool _disposed;

    /// <summary>Creates a forwarder; nothing is opened before the first batch.</summary>
    /// <param name="options">Where and how to send; copied, so later changes have no effect.</param>
    /// <param name="ocsf">The OCSF mappings for <see cref="AuditSyslogPayload.Ocsf"/>; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names every problem by option.</exception>
    public AuditSyslogForwarder(AuditSyslogOptions options, AuditOcsfOptions? ocsf = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = AuditSyslogOptionsValidation.Collect(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = new AuditSyslogOptions
        {
            Host = options.Host,
            Port = options.Port,
            Transport = options.Transport,
            Facility = options.Facility,
            AppName = options.AppName,
            Hostname = options.Hostname,
            Payload = options.Payload,
            StructuredDataId = options.StructuredDataId,
            TlsTargetHost = options.TlsTargetHost,
            TlsClientCertificate = options.TlsClientCertificate,
            ConnectTimeout = options.ConnectTimeout,
            SendTimeout = options.SendTimeout,
            MaxUdpMessageBytes = options.MaxUdpMessageBytes,
            MaxRelpMessageBytes = options.MaxRelpMessageBytes,
            RelpWindowSize = options.RelpWindowSize,
        };
        _options.TlsTrustedAuthorities.AddRange(options.TlsTrustedAuthorities);
        foreach (var path in options.TlsTrustedAuthorityFiles)
        {
            var loaded = AuditSyslogTrustedAuthorityFiles.Load(path);
            _loadedAuthorities.AddRange(loaded);
            _options.TlsTrustedAuthorities.AddRange(loaded);
        }

        _loadedClientCertificate = AuditSyslogClientCertificateFile.Load(options);
        _options.TlsClientCertificate ??= _loadedClientCertificate;
        _formatter = new AuditSyslogFormatter(_options, ocsf ?? new AuditOcsfOptions());
        _connection = _options.Transport is AuditSyslogTransport.Relp or AuditSyslogTransport.RelpTls
            ? new AuditSyslogRelpConnection(_options)
            : new AuditSyslogConnection(_options);
    }

    /// <summary>Sends the records, in order, as one write (one datagram each over UDP).</summary>
    /// <param name="records">The records with their chain sequence numbers, when known (sent as <c>seq</c>).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>
    /// A task that completes when the records were handed to the network, over RELP when the receiver answered each
    /// (at once for an empty list, which opens no connection).
    /// </returns>
    /// <exception cref="IOException">The receiver could not be reached, twice; the message names it.</exception>
    /// <exception cref="ObjectDisposedException">The forwarder was disposed.</exception>
    public async Task SendAsync(IReadOnlyList<(AuditRecord Record, long? Sequence)> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (records.Count == 0)
        {
            return;
        }

        var limit = _options.Transport switch
        {
            AuditSyslogTransport.Udp => _options.MaxUdpMessageBytes,
            AuditSyslogTransport.Relp or AuditSyslogTransport.RelpTls => _options.MaxRelpMessageBytes,
            _ => int.MaxValue,
        };
        var messages = records.Select(entry => _formatter.Format(entry.Record, entry.Sequence, limit)).ToList();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                await _connection.SendAsync(messages, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (_options.Transport != AuditSyslogTransport.Udp)
            {
                // The connection was dropped (the receiver restarted, say): once more on a new one.
                await _connection.SendAsync(messages, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends a batch of the feed (the consumer registered by <c>AddSyslogForwarder</c>), each with its sequence.</summary>
    /// <param name="batch">Committed records, in sequence order.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the batch was handed to the network (over RELP, acknowledged).</returns>
    public Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return SendAsync([.. batch.Select(entry => (entry.Record, (long?)entry.Sequence))], cancellationToken);
    }

    /// <summary>Closes the connection.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
        AuditSyslogTrustedAuthorityFiles.Dispose(_loadedAuthorities);
        _loadedClientCertificate?.Dispose();
    }
}
