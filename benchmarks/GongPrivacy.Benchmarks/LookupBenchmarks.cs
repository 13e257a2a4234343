using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using GongPrivacy.Benchmarks.Stj;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Refit;

namespace GongPrivacy.Benchmarks
{
    /// <summary>
    /// One data-for-email-address lookup, read from canned bytes, by our client (bare and through the full DI
    /// pipeline), by the Newtonsoft floor, by a System.Text.Json source-generated reference, and by Refit.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn]
    public class LookupBenchmarks
    {
        private const string Email = "a+b@x.com";
        private const string BaseUrl = "https://api.gong.io/v2/";

        private IGongDataPrivacyClient _bare = null!;
        private IGongDataPrivacyClient _pipeline = null!;
        private ServiceProvider _services = null!;
        private HttpClient _raw = null!;
        private IGongRefit _refit = null!;
        private JsonSerializer _floorSerializer = null!;

        [Params(Tier.None, Tier.Small, Tier.Large, Tier.Huge)]
        public Tier Tier { get; set; }

        /// <summary>The size of the answer in bytes, shown in the results.</summary>
        public int PayloadBytes { get; private set; }

        [GlobalSetup]
        public void Setup()
        {
            var payload = Payloads.Build(Tier);
            PayloadBytes = payload.Length;
            Console.WriteLine($"// payload {Tier}: {payload.Length:N0} bytes");

            _bare = GongDataPrivacy.CreateClient(new HttpClient(new CannedHandler(payload)), new Uri(BaseUrl));

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddGongDataPrivacyClient(o =>
            {
                o.BaseUrl = BaseUrl;
                o.AccessKey = "bench-key";
                o.AccessKeySecret = "bench-secret";
                o.RateLimit.Enabled = false;
                o.RateLimit.DailyQuota = 0;
            }).ConfigurePrimaryHttpMessageHandler(() => new CannedHandler(payload));
            _services = services.BuildServiceProvider();
            _pipeline = _services.GetRequiredService<IGongDataPrivacyClient>();

            _raw = new HttpClient(new CannedHandler(payload));
            // Newtonsoft with no more than the models need: dates stay text where the models keep them as text (Gong's document
            // types sentTime and fields[].value so), and arrays marked required (so that NSwag types them as never null) are
            // not tracked as required on every object, which a missing array must not fail anyway.
            _floorSerializer = JsonSerializer.Create(new JsonSerializerSettings { DateParseHandling = DateParseHandling.None, ContractResolver = new NothingRequired() });
            _refit = RestService.For<IGongRefit>(
                new HttpClient(new CannedHandler(payload)) { BaseAddress = new Uri("https://api.gong.io/v2") },
                new RefitSettings(new RefitNewtonsoftSerializer(new JsonSerializerSettings())));

            // Every subject must read the same thing, or the comparison means nothing.
            var expected = NewtonsoftFloor().GetAwaiter().GetResult().Calls.Count;
            var counts = new[]
            {
                OursBare().GetAwaiter().GetResult().Calls.Count,
                OursPipeline().GetAwaiter().GetResult().Calls.Count,
                SystemTextJsonReference().GetAwaiter().GetResult().Calls.Count,
                Refit().GetAwaiter().GetResult().Calls.Count,
            };
            foreach (var count in counts)
            {
                if (count != expected)
                {
                    throw new InvalidOperationException($"A subject read {count} calls where the floor read {expected}.");
                }
            }
        }

        [GlobalCleanup]
        public void Cleanup() => _services.Dispose();

        [Benchmark(Description = "ours, bare")]
        public Task<EmailAddressReferences> OursBare() => _bare.GetDataForEmailAddressAsync(Email);

        [Benchmark(Description = "ours, DI pipeline")]
        public Task<EmailAddressReferences> OursPipeline() => _pipeline.GetDataForEmailAddressAsync(Email);

        [Benchmark(Baseline = true, Description = "floor: Newtonsoft stream")]
        public async Task<EmailAddressReferences> NewtonsoftFloor()
        {
            using var response = await _raw.GetAsync(BaseUrl + "data-privacy/data-for-email-address?emailAddress=a%2Bb%40x.com", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            using var json = new JsonTextReader(reader);
            return _floorSerializer.Deserialize<EmailAddressReferences>(json)!;
        }

        [Benchmark(Description = "reference: STJ source-generated")]
        public async Task<DataForEmailAddress> SystemTextJsonReference()
        {
            using var response = await _raw.GetAsync(BaseUrl + "data-privacy/data-for-email-address?emailAddress=a%2Bb%40x.com", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return (await System.Text.Json.JsonSerializer.DeserializeAsync(stream, StjContext.Default.DataForEmailAddress).ConfigureAwait(false))!;
        }

        [Benchmark(Description = "peer: Refit 16.4.0 + Newtonsoft")]
        public Task<EmailAddressReferences> Refit() => _refit.GetDataForEmailAddressAsync(Email);
    
        /// <summary>Newtonsoft's default contract, less the required-property bookkeeping the generated arrays would cost.</summary>
        private sealed class NothingRequired : Newtonsoft.Json.Serialization.DefaultContractResolver
        {
            protected override Newtonsoft.Json.Serialization.JsonProperty CreateProperty(System.Reflection.MemberInfo member, MemberSerialization memberSerialization)
            {
                var property = base.CreateProperty(member, memberSerialization);
                property.Required = Required.Default;
                return property;
            }
        }
    }
}
