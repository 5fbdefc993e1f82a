using AuditTrail.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AuditWebhookForwarder"/> with a client of the host's HttpClient factory.</summary>
public static class AuditWebhookServiceCollectionExtensions
{
    /// <summary>The name of the factory's client the forwarder uses: <c>AuditTrail.Webhook</c>.</summary>
    public const string HttpClientName = "AuditTrail.Webhook";

    /// <summary>The name of the factory's client, and of the <see cref="AuditWebhookOptions"/>, of the alert sink: <c>AuditTrail.WebhookAlerts</c>.</summary>
    public const string AlertsHttpClientName = "AuditTrail.WebhookAlerts";

    /// <summary>
    /// Registers the forwarder: the options (validated at start, each problem named), and the named client
    /// <see cref="HttpClientName"/> that follows no redirect on its own, with the standard resilience handler (retries
    /// with backoff on 5xx, 408, 429 and timeouts, a timeout per attempt and in all).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the URL, the signing key and the payload.</param>
    /// <param name="configureResilience">Changes the resilience handler's options (attempts, timeouts); optional.</param>
    /// <returns>The client's builder, to add handlers of the host's own.</returns>
    public static IHttpClientBuilder AddAuditTrailWebhook(
        this IServiceCollection services, Action<AuditWebhookOptions> configure, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AuditWebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditWebhookOptions>, AuditWebhookOptionsValidator>());
        services.AddSingleton(provider => new AuditWebhookForwarder(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<AuditWebhookOptions>>().Value,
            provider.GetService<IOptions<AuditTrail.AuditTrailOptions>>()?.Value.Ocsf,
            provider.GetService<TimeProvider>()));
        return AddSignedClient(services, HttpClientName, configureResilience);
    }

    /// <summary>
    /// Posts each new finding of the continuous review to a webhook (<see cref="AuditWebhookAlertSink"/>): signed like
    /// the record forwarder, through the named client <see cref="AlertsHttpClientName"/> that follows no redirect on its
    /// own, with the standard resilience handler. Its options are the named options <see cref="AlertsHttpClientName"/>,
    /// validated at start, so it may post to another URL than the forwarder. The findings come from the continuous review
    /// (<c>AddReviewAlerts()</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the URL and the signing key.</param>
    /// <param name="configureResilience">Changes the resilience handler's options (attempts, timeouts); optional.</param>
    /// <returns>The builder.</returns>
    public static AuditTrail.IAuditTrailBuilder AddWebhookAlertSink(
        this AuditTrail.IAuditTrailBuilder builder, Action<AuditWebhookOptions> configure, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<AuditWebhookOptions>(AlertsHttpClientName).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditWebhookOptions>, AuditWebhookOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<AuditTrail.IAuditAlertSink, AuditWebhookAlertSink>(provider => new AuditWebhookAlertSink(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(AlertsHttpClientName),
            provider.GetRequiredService<IOptionsMonitor<AuditWebhookOptions>>().Get(AlertsHttpClientName),
            provider.GetService<TimeProvider>())));
        AddSignedClient(services, AlertsHttpClientName, configureResilience);
        return builder;
    }

    private static IHttpClientBuilder AddSignedClient(IServiceCollection services, string name, Action<HttpStandardResilienceOptions>? configureResilience)
    {
        var client = services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        var resilience = client.AddStandardResilienceHandler();
        if (configureResilience is not null)
        {
            resilience.Configure(configureResilience);
        }

        return client;
    }

    /// <summary>Names every problem of the options at start.</summary>
    /// <summary>
    /// Registers the forwarder (as <see cref="AddAuditTrailWebhook"/> does) as the feed consumer <paramref name="name"/>:
    /// every committed record is posted, in commit order, at least once, resuming after a restart from the position
    /// kept in the store. One webhook forwarder per application.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the URL, the signing key and the payload.</param>
    /// <param name="configureConsumer">The consumer's batch size, poll interval, lease and retry options; optional.</param>
    /// <param name="name">The consumer's name in the store.</param>
    /// <returns>The builder.</returns>
    public static AuditTrail.IAuditTrailBuilder AddWebhookForwarder(
        this AuditTrail.IAuditTrailBuilder builder, Action<AuditWebhookOptions> configure, Action<AuditTrail.AuditConsumerOptions>? configureConsumer = null, string name = "webhook")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAuditTrailWebhook(configure);
        return builder.AddConsumer<AuditWebhookForwarder>(name, configureConsumer);
    }

    private sealed class AuditWebhookOptionsValidator : IValidateOptions<AuditWebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuditWebhookOptions options)
        {
            var errors = AuditWebhookOptionsValidation.Collect(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
