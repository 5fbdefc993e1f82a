using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditTrail.Webhooks.Tests;

/// <summary>A real Kestrel server on a free loopback port whose answers the test scripts, one per request, then 200.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? Signature, byte[] Body)> Requests { get; } = new();

    public Uri Url(string path = "/hooks/audit") =>
        new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Requests.Enqueue((context.Request.Path, context.Request.Headers[AuditWebhookSignature.HeaderName].FirstOrDefault(), body.ToArray()));
            if (receiver._script.TryDequeue(out var answer))
            {
                await answer(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next request gets <paramref name="answer"/>.</summary>
    public void Then(Func<HttpContext, Task> answer) => _script.Enqueue(answer);

    public void ThenStatus(int status, string? location = null) => Then(context =>
    {
        context.Response.StatusCode = status;
        if (location is not null)
        {
            context.Response.Headers.Location = location;
        }

        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
