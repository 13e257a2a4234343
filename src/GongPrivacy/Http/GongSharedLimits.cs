using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GongPrivacy.Http
{
    /// <summary>
    /// The one owner of the rate limiters and daily quota counters of a scope: a DI container (one instance, registered
    /// as a singleton, on the container's <see cref="TimeProvider"/>), or, for clients built without DI, the process per
    /// clock (<see cref="ForProcess"/>). Clients of the same tenant (host and credential) share one limiter and one counter;
    /// the settings of the first client of a tenant in the scope decide them. Entries are held weakly: when the last client of a tenant is gone, so is its entry, and
    /// nothing grows without bound.
    /// </summary>
    internal sealed class GongSharedLimits
    {
        private static readonly ConditionalWeakTable<TimeProvider, GongSharedLimits> PerClock = new ConditionalWeakTable<TimeProvider, GongSharedLimits>();

        private readonly object _gate = new object();
        private readonly Dictionary<string, WeakReference<GongRateLimiter>> _limiters = new Dictionary<string, WeakReference<GongRateLimiter>>(StringComparer.Ordinal);
        private readonly Dictionary<string, WeakReference<GongDailyQuota>> _quotas = new Dictionary<string, WeakReference<GongDailyQuota>>(StringComparer.Ordinal);

        public GongSharedLimits(TimeProvider timeProvider)
        {
            Time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        }

        /// <summary>The clock every limiter and counter of this owner runs on.</summary>
        public TimeProvider Time { get; }

        /// <summary>How many limiters and counters are alive; for tests of the bound.</summary>
        internal int Count
        {
            get
            {
                lock (_gate)
                {
                    Prune(_limiters);
                    Prune(_quotas);
                    return _limiters.Count + _quotas.Count;
                }
            }
        }

        /// <summary>The owner for clients built without DI on <paramref name="timeProvider"/>.</summary>
        public static GongSharedLimits ForProcess(TimeProvider timeProvider) => PerClock.GetValue(timeProvider, time => new GongSharedLimits(time));

        public static string TenantKey(string normalizedBaseUrl, GongCredential credential) =>
            new Uri(normalizedBaseUrl).GetLeftPart(UriPartial.Authority).ToLowerInvariant() + "|" + credential.Fingerprint;

        /// <summary>The limiter for a tenant, or <see langword="null"/> when the options turn it off.</summary>
        public GongRateLimiter? Limiter(string tenantKey, GongRateLimitOptions options)
        {
            if (!options.Enabled)
            {
                return null;
            }

            // One limiter per tenant: the first client's settings decide, so clients with other settings cannot add up past Gong's limit.
            return GetOrAdd(_limiters, tenantKey, () => new GongRateLimiter(options.PermitsPerSecond, options.SafetyMargin, Time));
        }

        /// <summary>The daily quota counter for a tenant, or <see langword="null"/> when the options turn it off.</summary>
        public GongDailyQuota? Quota(string tenantKey, GongRateLimitOptions options)
        {
            if (options.DailyQuota <= 0)
            {
                return null;
            }

            // One count per tenant: the first client's quota and warning ratio decide, so the count is never split.
            return GetOrAdd(_quotas, tenantKey, () => new GongDailyQuota(options.DailyQuota, options.DailyQuotaWarningRatio, Time));
        }

        private T GetOrAdd<T>(Dictionary<string, WeakReference<T>> map, string key, Func<T> create)
            where T : class
        {
            lock (_gate)
            {
                if (map.TryGetValue(key, out var reference) && reference.TryGetTarget(out var existing))
                {
                    return existing;
                }

                Prune(map);
                var created = create();
                map[key] = new WeakReference<T>(created);
                return created;
            }
        }

        private static void Prune<T>(Dictionary<string, WeakReference<T>> map)
            where T : class
        {
            List<string>? dead = null;
            foreach (var pair in map)
            {
                if (!pair.Value.TryGetTarget(out _))
                {
                    (dead ??= new List<string>()).Add(pair.Key);
                }
            }

            if (dead != null)
            {
                foreach (var key in dead)
                {
                    map.Remove(key);
                }
            }
        }
    }
}
