using System.Security.Cryptography;

namespace AuditTrail;

/// <summary>
/// Signed checkpoints, set through <c>builder.AddCheckpoints(options => ...)</c> and validated at start. The signing
/// key belongs to the host (a PEM file or a key object); keep it, and the checkpoint folder, away from the database.
/// </summary>
public sealed class AuditCheckpointOptions
{
    /// <summary>The P-256 private key that signs checkpoints. Set this or <see cref="SigningKeyPath"/>.</summary>
    public ECDsa? SigningKey { get; set; }

    /// <summary>A PEM file holding the P-256 private key. Set this or <see cref="SigningKey"/>.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>
    /// PEM files of earlier public keys that the in-process verifier still trusts after a rotation; the
    /// current key is always trusted.
    /// </summary>
    public IList<string> TrustedPublicKeyPaths { get; } = [];

    /// <summary>
    /// The folder of the default <see cref="FileSystemAuditCheckpointSink"/>. Required unless an
    /// <see cref="IAuditCheckpointSink"/> of your own is registered. Created at start if missing, and tried with a write:
    /// a folder that cannot be written stops the start.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>A checkpoint is written once this many records were added since the last one. Default 1000; 1 to 1 000 000.</summary>
    public int EveryEvents { get; set; } = 1000;

    /// <summary>A checkpoint is written at least this often while records are added. Default 5 minutes; 1 second to 1 day.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the head is looked at. Default 1 second; 100 ms to <see cref="Interval"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
