namespace AuditTrail.Cli.Export;

/// <summary>
/// The temporary file of an export: passes everything on to it, and turns a failure of the file system (a full disk, an
/// I/O error) into the usage error of <see cref="ExportFile.Failed"/>, which names <c>--out</c>. The export's reads of
/// the store fail on their own, so only the file's failures are named so.
/// </summary>
internal sealed class ExportOutStream(Stream inner, ExportFile file) : Stream
{
    private bool _disposed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
        try
        {
            inner.Flush();
        }
        catch (Exception ex) when (ExportFile.IsFileError(ex))
        {
            throw file.Failed(ex);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ExportFile.IsFileError(ex))
        {
            throw file.Failed(ex);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception ex) when (ExportFile.IsFileError(ex))
        {
            throw file.Failed(ex);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ExportFile.IsFileError(ex))
        {
            throw file.Failed(ex);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask DisposeAsync()
    {
        try
        {
            // The last buffered bytes reach the disk here: a full disk can show only now.
            await inner.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ExportFile.IsFileError(ex))
        {
            throw file.Failed(ex);
        }
        finally
        {
            // The inner stream is disposed (or failed to be): the base's Dispose must not try it a second time.
            _disposed = true;
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
