using AuditTrail.Webhooks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AuditWebhookForwarder"/> with a client of the host's HttpClient factory.</summary>
public static class AuditWebhookServiceCollectionExtensions
{
    /// <summary>The name of the factory's client the forwarder uses: <c>AuditTrail.Webhook</c>.</summary>
    public const string HttpClientName = "AuditTrail.Webhook";

    /// <summary>The consumer name of a webhook forwarder registered without one: <c>webhook</c>.</summary>
    public const string DefaultConsumerName = "webhook";

    /// <summary>The name of the factory's client, and of the <see cref="AuditWebhookOptions"/>, of the alert sink: <c>AuditTrail.WebhookAlerts</c>.</summary>
    public const string AlertsHttpClientName = "AuditTrail.WebhookAlerts";

    /// <summary>
    /// Registers the forwarder: the options (validated at start, each problem named), and the named client
    /// <see cref="HttpClientName"/> that follows no redirect on its own, with the standard resilience handler (retries
    /// with backoff on 5xx, 408, 429 and timeouts, a timeout per attempt and in all, a circuit breaker per scheme, host and port).
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
        services.AddSingleton(provider => CreateForwarder(provider, Options.Options.DefaultName));
        var client = AddClient(services);
        if (configureResilience is not null)
        {
            services.Configure(ClientMarker(services).PipelineName, configureResilience);
        }

        return client;
    }

    /// <summary>
    /// Registers a forwarder as the feed consumer <see cref="DefaultConsumerName"/>, as
    /// <see cref="AddWebhookForwarder(AuditTrail.IAuditTrailBuilder, string, Action{AuditWebhookOptions}, Action{AuditTrail.AuditConsumerOptions})"/>
    /// does under a name of its own.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the URL, the signing key and the payload.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A consumer named <see cref="DefaultConsumerName"/> is registered already.</exception>
    public static AuditTrail.IAuditTrailBuilder AddWebhookForwarder(this AuditTrail.IAuditTrailBuilder builder, Action<AuditWebhookOptions> configure) =>
        builder.AddWebhookForwarder(DefaultConsumerName, configure, configureConsumer: null);

    /// <summary>
    /// Registers a forwarder as the feed consumer <see cref="DefaultConsumerName"/> with consumer options, as
    /// <see cref="AddWebhookForwarder(AuditTrail.IAuditTrailBuilder, string, Action{AuditWebhookOptions}, Action{AuditTrail.AuditConsumerOptions})"/>
    /// does under a name of its own.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the URL, the signing key and the payload.</param>
    /// <param name="configureConsumer">The consumer's batch size, poll interval, lease and retry options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A consumer named <see cref="DefaultConsumerName"/> is registered already.</exception>
    public static AuditTrail.IAuditTrailBuilder AddWebhookForwarder(
        this AuditTrail.IAuditTrailBuilder builder, Action<AuditWebhookOptions> configure, Action<AuditTrail.AuditConsumerOptions>? configureConsumer) =>
        builder.AddWebhookForwarder(DefaultConsumerName, configure, configureConsumer);

    /// <summary>
    /// Registers a forwarder as the feed consumer <paramref name="name"/>, posting through the client
    /// <see cref="HttpClientName"/> (as <see cref="AddAuditTrailWebhook"/> sets it up): every committed record is posted,
    /// in commit order, at least once, resuming after a restart from the position kept in the store. The options are
    /// validated when the host starts, each problem named with the forwarder's name. Call it again with another
    /// <paramref name="name"/> to post to a second URL: each forwarder has options and a position of its own.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The consumer's name in the store, also the name of its <see cref="AuditWebhookOptions"/>; it must match <c>^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$</c>.</param>
    /// <param name="configure">Sets the URL, the signing key and the payload.</param>
    /// <param name="configureConsumer">The consumer's batch size, poll interval, lease and retry options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A consumer of that name is registered already, or the name is not valid (or is <see cref="AlertsHttpClientName"/>).</exception>
    public static AuditTrail.IAuditTrailBuilder AddWebhookForwarder(
        this AuditTrail.IAuditTrailBuilder builder, string name, Action<AuditWebhookOptions> configure, Action<AuditTrail.AuditConsumerOptions>? configureConsumer = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        if (name == AlertsHttpClientName)
        {
            throw new ArgumentException($"'{AlertsHttpClientName}' names the alert sink's options; give the webhook forwarder another name.", nameof(name));
        }

        builder.AddConsumerFactory(name, provider => CreateForwarder(provider, name), configureConsumer);
        var services = builder.Services;
        services.AddOptions<AuditWebhookOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditWebhookOptions>, AuditWebhookOptionsValidator>());
        AddClient(services);
        return builder;
    }

    /// <summary>
    /// Posts each new finding of the continuous review to a webhook (<see cref="AuditWebhookAlertSink"/>): signed like
    /// the record forwarder, through the named client <see cref="AlertsHttpClientName"/> that follows no redirect on its
    /// own, with the standard resilience handler. Its options are the named options <see cref="AlertsHttpClientName"/>,
    /// validated at start, so it may post to another URL than the forwarder. The findings come from the continuous review
    /// (<c>AddReviewAlerts()</c>, registered with its defaults when it is not yet). Calling it again adds
    /// <paramref name="configure"/> to the same options.
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
        if (!services.Any(d => d.ServiceType == typeof(AuditWebhookAlertsClientMarker)))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<AuditTrail.IAuditAlertSink, AuditWebhookAlertSink>(provider => new AuditWebhookAlertSink(
                ClientOf(provider, AlertsHttpClientName),
                provider.GetRequiredService<IOptionsMonitor<AuditWebhookOptions>>().Get(AlertsHttpClientName),
                provider.GetService<TimeProvider>())));
            var resilience = services.AddHttpClient(AlertsHttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
                .AddStandardResilienceHandler()
                .SelectPipelineByAuthority();
            AddAnswerRecorder(services.AddHttpClient(AlertsHttpClientName));
            services.AddSingleton(new AuditWebhookAlertsClientMarker(resilience.PipelineName));
        }

        if (configureResilience is not null)
        {
            var marker = (AuditWebhookAlertsClientMarker)services.First(d => d.ServiceType == typeof(AuditWebhookAlertsClientMarker)).ImplementationInstance!;
            services.Configure(marker.PipelineName, configureResilience);
        }

        // A sink without the continuous review would never be handed a finding.
        return builder.AddReviewAlerts();
    }

    private static AuditWebhookForwarder CreateForwarder(IServiceProvider provider, string name) => new(
        ClientOf(provider, HttpClientName),
        provider.GetRequiredService<IOptionsMonitor<AuditWebhookOptions>>().Get(name),
        provider.GetService<IOptions<AuditTrail.AuditTrailOptions>>()?.Value.Ocsf,
        provider.GetService<TimeProvider>());

    /// <summary>
    /// A new client of the factory for each post: the factory rotates its handlers only for clients created after their
    /// lifetime, and its cleanup timer waits for every client of an expired handler to be collected, so a client kept by
    /// a singleton would keep that timer, and the disposed service provider it roots, alive for good.
    /// </summary>
    private static Func<HttpClient> ClientOf(IServiceProvider provider, string name)
    {
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        return () => factory.CreateClient(name);
    }

    /// <summary>The client that follows no redirect on its own, with the standard resilience handler, set up once however many forwarders use it.</summary>
    private static IHttpClientBuilder AddClient(IServiceCollection services)
    {
        var client = services.AddHttpClient(HttpClientName);
        if (!services.Any(d => d.ServiceType == typeof(AuditWebhookClientMarker)))
        {
            var resilience = client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
                .AddStandardResilienceHandler()
                .SelectPipelineByAuthority();
            AddAnswerRecorder(client);
            services.AddSingleton(new AuditWebhookClientMarker(resilience.PipelineName));
        }

        return client;
    }

    /// <summary>Below the resilience handler (added after it): records each attempt's answer, so a post the handler gives up after an answer names it.</summary>
    private static void AddAnswerRecorder(IHttpClientBuilder client) =>
        client.AddHttpMessageHandler(provider => new AuditWebhookAnswerRecorder(provider.GetService<TimeProvider>() ?? TimeProvider.System));

    private static AuditWebhookClientMarker ClientMarker(IServiceCollection services) =>
        (AuditWebhookClientMarker)services.First(d => d.ServiceType == typeof(AuditWebhookClientMarker)).ImplementationInstance!;

    /// <summary>Marks the services where the client is set up already, with the name of its resilience handler's options.</summary>
    private sealed record AuditWebhookClientMarker(string PipelineName);

    /// <summary>Marks the services where the alert sink's client is set up already, with the name of its resilience handler's options.</summary>
    private sealed record AuditWebhookAlertsClientMarker(string PipelineName);

    /// <summary>Names every problem of the options at start, and which forwarder's (or the alert sink's) they are.</summary>
    private sealed class AuditWebhookOptionsValidator : IValidateOptions<AuditWebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuditWebhookOptions options)
        {
            var errors = AuditWebhookOptionsValidation.Collect(options);
            return errors.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    string.IsNullOrEmpty(name) ? errors
                    : name == AlertsHttpClientName ? errors.Select(e => $"Webhook alert sink: {e}")
                    : errors.Select(e => $"Webhook forwarder '{name}': {e}"));
        }
    }
}
