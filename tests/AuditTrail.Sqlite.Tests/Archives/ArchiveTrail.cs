using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Archives;

/// <summary>A SQLite trail of records one second apart, an archive folder beside it and a checkpoint key.</summary>
public sealed class ArchiveTrail : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public ArchiveTrail()
    {
        Store = _database.CreateStore(o => o.IndexSearchInBackground = false);
        Sink = new DirectoryAuditArchiveSink(System.IO.Path.Combine(_database.Directory, "archive"));
    }

    public SqliteAuditStore Store { get; }

    public DirectoryAuditArchiveSink Sink { get; }

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public FakeTimeProvider Clock { get; } = new(Some.BaseTime + TimeSpan.FromDays(1));

    public string Directory => _database.Directory;

    public AuditKeyRing Keys
    {
        get
        {
            var ring = new AuditKeyRing();
            ring.Add(Key);
            return ring;
        }
    }

    /// <summary>Writes <paramref name="count"/> records, the i-th at <see cref="Some.Time"/>(i).</summary>
    public async Task<AuditRecord[]> WriteAsync(int count, int from = 0)
    {
        var records = Some.Records(count, i => Some.Time(from + i));
        await Store.WriteAsync(records);
        return records;
    }

    public AuditArchiver Archiver(int maxRecordsPerSegment, bool signManifests = true) =>
        new(Store, Sink, new AuditArchiveOptions { MaxRecordsPerSegment = maxRecordsPerSegment }, signManifests ? new AuditCheckpointSigner(Key) : null, Clock);

    public AuditArchiveVerifier Verifier(bool withStore = false, bool withKeys = true) =>
        new(Sink, withKeys ? Keys : null, withStore ? Store : null);

    public string PathOf(string segment) => System.IO.Path.Combine(Sink.Directory, segment);

    /// <summary>Renames a segment and its manifest.</summary>
    public void Rename(string from, string to)
    {
        File.Move(PathOf(from), PathOf(to));
        File.Move(PathOf(from) + AuditArchiveManifest.ManifestExtension, PathOf(to) + AuditArchiveManifest.ManifestExtension);
    }

    public void Dispose()
    {
        Key.Dispose();
        _database.Dispose();
    }
}
