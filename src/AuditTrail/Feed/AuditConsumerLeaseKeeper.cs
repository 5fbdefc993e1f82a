namespace AuditTrail;

/// <summary>
/// Keeps a consumer's lease while it handles a batch: renews it every third of the lease duration and cancels
/// <see cref="Token"/> when the lease is lost (another instance holds it) or runs out without a successful renewal
/// (the store cannot be reached), so that a slow batch keeps its lease and a cut-off instance stops before another
/// takes over.
/// </summary>
internal sealed class AuditConsumerLeaseKeeper : IAsyncDisposable
{
    private readonly IAuditConsumerCheckpoints _checkpoints;
    private readonly string _consumer;
    private readonly string _owner;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _expiry;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _handling;
    private readonly Task _renewals;

    /// <param name="checkpoints">Where the lease is kept.</param>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="owner">This instance, the lease's holder.</param>
    /// <param name="acquiredAt">When the lease was taken or last renewed.</param>
    /// <param name="duration">The lease duration.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="stoppingToken">The host's stopping token; <see cref="Token"/> is cancelled with it.</param>
    public AuditConsumerLeaseKeeper(
        IAuditConsumerCheckpoints checkpoints, string consumer, string owner, DateTimeOffset acquiredAt, TimeSpan duration,
        TimeProvider timeProvider, CancellationToken stoppingToken)
    {
        _checkpoints = checkpoints;
        _consumer = consumer;
        _owner = owner;
        _duration = duration;
        _timeProvider = timeProvider;
        _expiry = new CancellationTokenSource(Remaining(acquiredAt), timeProvider);
        _handling = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _expiry.Token);
        _renewals = RenewAsync();
    }

    /// <summary>Cancelled when the host stops or the lease is lost or runs out.</summary>
    public CancellationToken Token => _handling.Token;

    /// <summary>Whether the lease was lost or ran out (as opposed to the host stopping).</summary>
    public bool Lost => _expiry.IsCancellationRequested;

    private TimeSpan Remaining(DateTimeOffset renewedAt)
    {
        var left = renewedAt + _duration - _timeProvider.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task RenewAsync()
    {
        var interval = _duration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _timeProvider, _stop.Token).ConfigureAwait(false);
                var now = _timeProvider.GetUtcNow();
                AuditConsumerCheckpoint? renewed;
                try
                {
                    renewed = await _checkpoints.TryAcquireLeaseAsync(_consumer, _owner, now, _duration, _handling.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store cannot be reached: keep trying until the lease runs out, when _expiry fires on its own.
                    continue;
                }

                if (renewed is null)
                {
                    await _expiry.CancelAsync().ConfigureAwait(false);
                    return;
                }

                _expiry.CancelAfter(Remaining(now));
            }
        }
        catch (OperationCanceledException)
        {
            // Handling ended, the host stops, or the lease ran out.
        }
    }

    /// <summary>Stops renewing; the lease itself stays held until the next step renews or releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewals.ConfigureAwait(false);
        _handling.Dispose();
        _expiry.Dispose();
        _stop.Dispose();
    }
}
