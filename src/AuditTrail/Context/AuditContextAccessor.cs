namespace AuditTrail;

/// <summary>The default <see cref="IAuditContextAccessor"/>, backed by an <see cref="AsyncLocal{T}"/>.</summary>
public sealed class AuditContextAccessor : IAuditContextAccessor
{
    private static readonly AsyncLocal<AuditContext?> CurrentContext = new();

    /// <inheritdoc />
    public AuditContext? Current => CurrentContext.Value;

    /// <inheritdoc />
    public IDisposable BeginScope(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = CurrentContext.Value;
        CurrentContext.Value = context;
        return new Scope(previous);
    }

    private sealed class Scope(AuditContext? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CurrentContext.Value = previous;
        }
    }
}
