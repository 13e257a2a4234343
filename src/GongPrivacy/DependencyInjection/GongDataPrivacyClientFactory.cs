using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using GongPrivacy.Http;
using Microsoft.Extensions.Options;

namespace GongPrivacy
{
    /// <summary>Marks a name as registered, so that a second registration adds no second set of handlers.</summary>
    internal sealed class GongRegistration
    {
        public GongRegistration(string name) => Name = name;

        public string Name { get; }
    }

    /// <summary>The container's factory: one <see cref="GongTenant"/> per name, on the container's limiter and quota owner.</summary>
    internal sealed class GongDataPrivacyClientFactory
    {
        private readonly IHttpClientFactory _httpClients;
        private readonly IOptionsMonitor<GongDataPrivacyOptions> _options;
        private readonly GongSharedLimits _limits;
        private readonly HashSet<string> _names;
        private readonly ConcurrentDictionary<string, Lazy<GongTenant>> _tenants = new ConcurrentDictionary<string, Lazy<GongTenant>>(StringComparer.Ordinal);

        private readonly IGongAttemptObserver? _observer;

        public GongDataPrivacyClientFactory(IHttpClientFactory httpClients, IOptionsMonitor<GongDataPrivacyOptions> options, GongSharedLimits limits, IEnumerable<GongRegistration> registrations, IEnumerable<IGongAttemptObserver> observers)
        {
            _observer = observers.LastOrDefault();
            _httpClients = httpClients;
            _options = options;
            _limits = limits;
            _names = new HashSet<string>(registrations.Select(r => r.Name), StringComparer.Ordinal);
        }

        public static string HttpClientName(string name) => string.IsNullOrEmpty(name) ? "GongPrivacy" : "GongPrivacy:" + name;

        public IGongDataPrivacyClient CreateClient(string name)
        {
            var tenant = Tenant(name);
            var http = _httpClients.CreateClient(HttpClientName(name));
            return new GongAnswerCheckedClient(new GongClientSetup(http, tenant.BaseUrl, ownsHttpClient: false, tenant.Quota, tenant.Options.AttemptObserver ?? _observer));
        }

        /// <summary>The tenant of a registered name, built once from its validated options.</summary>
        public GongTenant Tenant(string name)
        {
            if (name == null || !_names.Contains(name))
            {
                throw new InvalidOperationException("No Gong client is registered under the name '" + name + "'; call services.AddGongDataPrivacyClient(\"" + name + "\", ...) first.");
            }

            return _tenants.GetOrAdd(name, n => new Lazy<GongTenant>(() =>
            {
                var options = _options.Get(n);
                return GongTenant.Create(options, options.CreateCredential(_limits.Time), GongBaseUrl.Normalize(options.BaseUrl), _limits);
            })).Value;
        }
    }
}
