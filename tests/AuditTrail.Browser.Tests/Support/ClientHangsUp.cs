using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AuditTrail.Browser.Tests.Support;

/// <summary>
/// For a request carrying <see cref="Header"/>, fires <see cref="HttpContext.RequestAborted"/> as soon as the request
/// body has been read to its end: the client sent the whole form and hung up before the answer, exactly when the
/// endpoint does its work. Ahead of the app's own middleware.
/// </summary>
public sealed class ClientHangsUp : IStartupFilter
{
    public const string Header = "X-Test-Hang-Up";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!context.Request.Headers.ContainsKey(Header))
            {
                await nextMiddleware(context);
                return;
            }

            using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            context.RequestAborted = hangUp.Token;
            context.Request.Body = new HangUpAtEndStream(context.Request.Body, hangUp);
            await nextMiddleware(context);
        });
        next(app);
    };

    private sealed class HangUpAtEndStream(Stream inner, CancellationTokenSource hangUp) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            if (read == 0 && buffer.Length > 0)
            {
                await hangUp.CancelAsync();
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The request body is read asynchronously.");
        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
