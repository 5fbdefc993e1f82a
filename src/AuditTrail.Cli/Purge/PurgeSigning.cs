using AuditTrail.Cli.Commands;

namespace AuditTrail.Cli.Purge;

/// <summary>Where a purge signs its new retention anchor (<c>--checkpoints</c>) and with which key (<c>--signing-key</c>).</summary>
/// <param name="Directory">The checkpoint folder.</param>
/// <param name="Key">The checked private key; disposed with this.</param>
internal sealed record PurgeSigning(string Directory, SigningKey Key) : IDisposable
{
    public void Dispose() => Key.Dispose();
}
