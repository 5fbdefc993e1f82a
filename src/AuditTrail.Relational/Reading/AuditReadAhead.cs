using System.Runtime.CompilerServices;

namespace AuditTrail.Relational;

/// <summary>
/// Pages of <see cref="RelationalAuditStore.StreamPageSize"/> items, each read from the last item of the one before, the
/// next one read on the thread pool while the consumer works through the current one, so reading and consuming overlap.
/// At most two pages are held; a consumer that stops early leaves one read to finish unobserved.
/// </summary>
internal static class AuditReadAhead
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Func<T?, CancellationToken, Task<IReadOnlyList<T>>> readPage, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var next = readPage(null, cancellationToken);
        while (true)
        {
            var page = await next.ConfigureAwait(false);
            var more = page.Count == RelationalAuditStore.StreamPageSize;
            if (more)
            {
                var last = page[^1];
                next = Task.Run(() => readPage(last, cancellationToken), cancellationToken);
            }

            try
            {
                foreach (var item in page)
                {
                    yield return item;
                }
            }
            finally
            {
                if (more)
                {
                    // When the consumer stopped early, the read ahead is abandoned: observe its failure, if any.
                    _ = next.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                }
            }

            if (!more)
            {
                yield break;
            }
        }
    }
}
