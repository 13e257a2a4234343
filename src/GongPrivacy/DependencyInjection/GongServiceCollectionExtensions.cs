using System;
using GongPrivacy;
using GongPrivacy.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers <see cref="IGongDataPrivacyClient"/> with <see cref="System.Net.Http.IHttpClientFactory"/>.</summary>
    public static class GongServiceCollectionExtensions
    {
        /// <summary>
        /// Registers the Gong Data Privacy client, configured in code, with retries, the shared rate limiter, the
        /// daily quota counter, logging and telemetry. Options are validated when the client is first resolved
        /// (and at start-up with a host).
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the options.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add your own handlers.</returns>
        public static IHttpClientBuilder AddGongDataPrivacyClient(this IServiceCollection services, Action<GongDataPrivacyOptions> configure)
        {
            if (services == null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            if (configure == null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            services.AddOptions<GongDataPrivacyOptions>().Configure(configure).ValidateOnStart();
            return AddCore(services);
        }

        /// <summary>
        /// Registers the Gong Data Privacy client with options bound from a configuration section (such as
        /// <c>configuration.GetSection("Gong")</c>), and optionally adjusted in code (for a token provider).
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configuration">The section that holds <c>BaseUrl</c>, <c>AccessKey</c>, <c>Retry</c>, <c>RateLimit</c> and so on.</param>
        /// <param name="configure">Adjusts the bound options; optional.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add your own handlers.</returns>
        public static IHttpClientBuilder AddGongDataPrivacyClient(this IServiceCollection services, IConfiguration configuration, Action<GongDataPrivacyOptions>? configure = null)
        {
            if (services == null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            if (configuration == null)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            var builder = services.AddOptions<GongDataPrivacyOptions>().Bind(configuration);
            if (configure != null)
            {
                builder.Configure(configure);
            }

            builder.ValidateOnStart();
            return AddCore(services);
        }

        private static IHttpClientBuilder AddCore(IServiceCollection services)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GongDataPrivacyOptions>, GongDataPrivacyOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => new GongRegistration(sp.GetRequiredService<IOptions<GongDataPrivacyOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton(sp => sp.GetRequiredService<GongRegistration>().Quota!);

            var builder = services.AddHttpClient<IGongDataPrivacyClient, GongDataPrivacyClient>((http, sp) =>
            {
                var registration = sp.GetRequiredService<GongRegistration>();
                var client = new GongDataPrivacyClient(http) { BaseUrl = registration.BaseUrl };
                client.AttachDailyQuota(registration.Quota);
                return client;
            });
            builder.ConfigureHttpClient(http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
            builder.AddHttpMessageHandler(() => new GongActivityHandler());
            builder.AddHttpMessageHandler(sp => sp.GetRequiredService<GongRegistration>().Retry());
            builder.AddHttpMessageHandler(sp => sp.GetRequiredService<GongRegistration>().RateLimit());
            builder.AddHttpMessageHandler(sp => new GongAuthenticationHandler(sp.GetRequiredService<GongRegistration>().Credential));
            builder.AddHttpMessageHandler(sp => GongHttpPipeline.Logging(sp.GetService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
            return builder;
        }

        /// <summary>What one registration resolves once: the normalised base URL, the credential and the shared quota.</summary>
        private sealed class GongRegistration
        {
            private readonly GongDataPrivacyOptions _options;
            private readonly TimeProvider _time;
            private readonly GongCredential _credential;
            private readonly string _tenant;

            public GongRegistration(GongDataPrivacyOptions options, TimeProvider time)
            {
                _options = options;
                _time = time;
                _credential = options.CreateCredential();
                BaseUrl = GongBaseUrl.Normalize(options.BaseUrl);
                _tenant = GongHttpPipeline.TenantKey(BaseUrl, _credential);
                Quota = GongHttpPipeline.Quota(options, _tenant, time);
            }

            public string BaseUrl { get; }

            public GongDailyQuota? Quota { get; }

            public GongCredential Credential => _credential;

            public System.Net.Http.DelegatingHandler Retry() => GongHttpPipeline.Retry(_options, _time);

            public System.Net.Http.DelegatingHandler RateLimit() => GongHttpPipeline.RateLimit(_options, _tenant, Quota, _time);
        }
    }
}
