using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Querying;

/// <summary>
/// Cancelling a stream stops it at the next record, even when the store has a page of rows in hand (the fake store,
/// like a store that reads pages, does not look at the token between records).
/// </summary>
public sealed class AuditReaderCancellationTests : IAsyncLifetime
{
    private readonly FakeAuditStore _store = new();
    private ServiceProvider _services = null!;

    private IAuditReader Reader => _services.GetRequiredService<IAuditReader>();

    public async Task InitializeAsync()
    {
        _services = TestHost.Create(_store);
        var logger = _services.GetRequiredService<IAuditLogger>();
        for (var i = 0; i < 10; i++)
        {
            await logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, Actor = AuditActor.User("mike", "Mike Johnson") });
        }
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task StreamAsync_CancelledMidway_StopsAtTheNextRecord()
    {
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        var enumerate = async () =>
        {
            await foreach (var _ in Reader.StreamAsync(AuditViewer.Admin("john"), new AuditQuery(), cancellation.Token))
            {
                if (++read == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        };

        await enumerate.Should().ThrowAsync<OperationCanceledException>();
        read.Should().Be(3);
    }

    [Fact]
    public async Task ExportAsync_CancelledMidway_WritesNoMoreRecords()
    {
        using var cancellation = new CancellationTokenSource();
        using var destination = new CancelOnFirstWriteStream(cancellation);

        var export = () => Reader.ExportAsync(AuditViewer.Admin("john"), new AuditQuery(), AuditExportFormat.JsonLines, destination, cancellation.Token);

        await export.Should().ThrowAsync<OperationCanceledException>();
        destination.Writes.Should().BeLessThanOrEqualTo(1);
    }

    private sealed class CancelOnFirstWriteStream(CancellationTokenSource cancellation) : MemoryStream
    {
        public int Writes { get; private set; }

        // MemoryStream sends span and async writes of a derived type here.
        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
            cancellation.Cancel();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
            return ValueTask.CompletedTask;
        }
    }
}
