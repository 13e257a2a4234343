using System;
using System.Linq;
using GongPrivacy;
using GongPrivacy.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>
    /// Registers <see cref="IGongDataPrivacyClient"/> with <see cref="System.Net.Http.IHttpClientFactory"/>: one client, or
    /// several named ones (one per Gong company), each with its own options, rate limiter and daily quota counter.
    /// </summary>
    /// <remarks>
    /// Registering the same name twice is harmless: the second call's options apply on top of the first's (as
    /// <c>Configure</c> does), and the client's handlers are added once. Handlers you add to the returned builder run
    /// inside the client's own, once per attempt, right before the request goes on the wire.
    /// </remarks>
    public static class GongServiceCollectionExtensions
    {
        /// <summary>
        /// Registers the Gong Data Privacy client, configured in code, with retries, the shared rate limiter, the
        /// daily quota counter, logging and telemetry. Resolve <see cref="IGongDataPrivacyClient"/> or
        /// <see cref="GongDataPrivacyClient"/>. Options are validated when the client is first resolved (and at
        /// start-up with a host).
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the options.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add your own handlers.</returns>
        public static IHttpClientBuilder AddGongDataPrivacyClient(this IServiceCollection services, Action<GongDataPrivacyOptions> configure) =>
            services.AddGongDataPrivacyClient(Options.Options.DefaultName, configure);

        /// <summary>
        /// Registers the Gong Data Privacy client with options bound from a configuration section (such as
        /// <c>configuration.GetSection("Gong")</c>), and optionally adjusted in code (for a token provider).
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configuration">The section that holds <c>BaseUrl</c>, <c>AccessKey</c>, <c>Retry</c>, <c>RateLimit</c> and so on.</param>
        /// <param name="configure">Adjusts the bound options; optional.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add your own handlers.</returns>
        public static IHttpClientBuilder AddGongDataPrivacyClient(this IServiceCollection services, IConfiguration configuration, Action<GongDataPrivacyOptions>? configure = null) =>
            services.AddGongDataPrivacyClient(Options.Options.DefaultName, configuration, configure);

        /// <summary>
        /// Registers a named Gong Data Privacy client, configured in code: for an app that talks to several Gong companies.
        /// Resolve it as a keyed service: <c>[FromKeyedServices("name")] IGongDataPrivacyClient</c> in a constructor, or
        /// <c>provider.GetRequiredKeyedService&lt;IGongDataPrivacyClient&gt;("name")</c>. Each name has its own options, and clients of
        /// different tenants keep separate rate limits and quotas.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="name">The client's name.</param>
        /// <param name="configure">Sets the options.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add your own handlers.</returns>
        public static IHttpClientBuilder AddGongDataPrivacyClient(this IServiceCollection services, string name, Action<GongDataPrivacyOptions> configure)
        {
            CheckArguments(services, name);
            if (configure == null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            services.AddOptions<GongDataPrivacyOptions>(name).Configure(configure).ValidateOnStart();
            return AddCore(services, name);
        }

        /// <summary>Registers a named Gong Data Privacy client with options bound from a configuration section.</summary>
        /// <param name="services">The service collection.</param>
        /// <param name="name">The client's name.</param>
        /// <param name="configuration">The section that holds <c>BaseUrl</c>, <c>AccessKey</c>, <c>Retry</c>, <c>RateLimit</c> and so on.</param>
        /// <param name="configure">Adjusts the bound options; optional.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add your own handlers.</returns>
        public static IHttpClientBuilder AddGongDataPrivacyClient(this IServiceCollection services, string name, IConfiguration configuration, Action<GongDataPrivacyOptions>? configure = null)
        {
            CheckArguments(services, name);
            if (configuration == null)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            var builder = services.AddOptions<GongDataPrivacyOptions>(name).Bind(configuration);
            if (configure != null)
            {
                builder.Configure(configure);
            }

            builder.ValidateOnStart();
            return AddCore(services, name);
        }

        private static void CheckArguments(IServiceCollection services, string name)
        {
            if (services == null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            if (name == null)
            {
                throw new ArgumentNullException(nameof(name), "The client's name is null; use the overload without a name for the default client.");
            }
        }

        private static IHttpClientBuilder AddCore(IServiceCollection services, string name)
        {
            var builder = services.AddHttpClient(GongDataPrivacyClientFactory.HttpClientName(name));
            if (services.Any(d => d.ServiceType == typeof(GongRegistration) && d.ImplementationInstance is GongRegistration r && r.Name == name))
            {
                // Registered before: the options above apply on top; the handlers are there already.
                return builder;
            }

            services.AddSingleton(new GongRegistration(name));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GongDataPrivacyOptions>, GongDataPrivacyOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => new GongSharedLimits(sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<GongDataPrivacyClientFactory>();

            builder.ConfigureHttpClient(http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan);

            // Never follow a redirect: it is not Gong's answer, and following it sends the credential and the subject to the host
            // it names. (A primary handler of your own that follows redirects is caught too: the answer is for another URL.)
            builder.ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.HttpClientHandler { AllowAutoRedirect = false });
            builder.ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                var factory = sp.GetRequiredService<GongDataPrivacyClientFactory>();
                var ours = GongHttpPipeline.CreateHandlers(factory.Tenant(name), sp.GetService<ILoggerFactory>());
                for (var i = 0; i < ours.Count; i++)
                {
                    handlers.Insert(i, ours[i]);
                }
            });

            services.AddKeyedTransient<IGongDataPrivacyClient>(name, (sp, _) => sp.GetRequiredService<GongDataPrivacyClientFactory>().CreateClient(name));
            if (name == Options.Options.DefaultName)
            {
                services.TryAddTransient(sp => sp.GetRequiredService<GongDataPrivacyClientFactory>().CreateClient(name));
            }

            return builder;
        }
    }
}
