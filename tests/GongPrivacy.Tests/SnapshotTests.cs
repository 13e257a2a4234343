using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The contract, locked in plain text that <c>git diff</c> reads: the public API of every namespace the package exposes
    /// (one file), and the request every operation of the client puts on the wire (one file, operations found by reflection).
    /// The model round trips stay Snapshooter snapshots. When the spec changes, the diff of these files is the review.
    /// </summary>
    public class SnapshotTests
    {
        /// <summary>The framework whose API is approved; <see cref="Public_api_is_the_same_for_every_target_framework"/> holds the others to it.</summary>
        private const string ApprovedFramework = "net10.0";

        [Fact]
        public void Public_api() => Approval.Verify("PublicApi.txt", BuiltLibrary.PublicApi(ApprovedFramework));

        [Theory]
        [InlineData("netstandard2.0")]
        [InlineData("net8.0")]
        public void Public_api_is_the_same_for_every_target_framework(string targetFramework)
        {
            var expected = Approval.Normalize(BuiltLibrary.PublicApi(ApprovedFramework));
            var actual = Approval.Normalize(BuiltLibrary.PublicApi(targetFramework));

            Assert.True(expected == actual, $"The {targetFramework} API differs from the {ApprovedFramework} API:\n" + Approval.UnifiedDiff(ApprovedFramework, targetFramework, expected, actual));
        }

        [Fact]
        public async Task Requests_on_the_wire_of_every_operation()
        {
            var text = new StringBuilder();
            foreach (var operation in ClientOperations.All())
            {
                using var gong = LoopbackGong.Start();
                gong.Server.Given(Request.Create().UsingAnyMethod())
                    .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"requestId\":\"wire\"}"));

                await ClientOperations.Invoke(gong.CreateClient(), operation, CancellationToken.None);

                text.Append(ClientOperations.Signature(operation)).Append('\n');
                text.Append(Describe(gong.Requests.Single().RequestMessage!));
                text.Append('\n');
            }

            Approval.Verify("RequestsOnTheWire.txt", text.ToString());
        }

        [Fact]
        public void Seed_004_example_read_and_written_back() => MatchRoundTrip<EmailAddressReferences>("seed-004-example.json");

        [Fact]
        public void Full_phone_lookup_read_and_written_back() => MatchRoundTrip<PhoneNumberReferences>("phone-lookup-full.json");

        /// <summary>One request as indented lines: method and path with query, then the headers that carry meaning, then the body.</summary>
        private static string Describe(IRequestMessage request)
        {
            string? Header(string name) => request.Headers != null && request.Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;
            var lines = new List<string> { request.Method + " " + request.Path + (string.IsNullOrEmpty(request.RawQuery) ? string.Empty : "?" + request.RawQuery!.TrimStart('?')) };
            foreach (var name in new[] { "Accept", "Authorization", "Content-Type", "Content-Length" })
            {
                var value = Header(name);
                if (value != null)
                {
                    lines.Add(name + ": " + (name == "Authorization" ? value.Split(' ')[0] + " <scrubbed>" : value));
                }
            }

            if (!string.IsNullOrEmpty(request.Body))
            {
                lines.Add("body: " + JToken.Parse(request.Body!).ToString(Formatting.None));
            }

            return string.Concat(lines.Select(l => "    " + l + "\n"));
        }

        /// <summary>Reads a fixture into its model, writes it back, checks nothing was lost, and snapshots the result.</summary>
        private static void MatchRoundTrip<T>(string fixtureName, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
        {
            var fixture = FixtureValues.Read(fixtureName);
            var model = JsonConvert.DeserializeObject<T>(fixture, GongPrivacy.Serialization.GongJson.Settings);
            var written = JsonConvert.SerializeObject(model, GongPrivacy.Serialization.GongJson.Settings);

            Assert.True(JToken.DeepEquals(JObject.Parse(fixture), JObject.Parse(written)), "the model must write back what it read");
            Snapshot.Match(JObject.Parse(written), new SnapshotFullName(nameof(SnapshotTests) + "." + test + ".snap", System.IO.Path.Combine(BuiltLibrary.RepoRoot(), "tests", "GongPrivacy.Tests")));
        }
    }

    /// <summary>
    /// The client's operations, found by reflection on <see cref="IGongDataPrivacyClient"/> rather than listed, so that an
    /// operation a new spec adds is tested and snapshotted by itself, and one it removes simply stops being there.
    /// </summary>
    internal static class ClientOperations
    {
        /// <summary>Every operation: the interface's Task-returning methods, in the overload that takes a CancellationToken, by name.</summary>
        public static IReadOnlyList<MethodInfo> All() => typeof(IGongDataPrivacyClient).GetMethods()
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) && m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

        public static string Signature(MethodInfo method) =>
            method.Name + "(" + string.Join(", ", method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).Select(p => p.ParameterType.Name + " " + p.Name)) + ")";

        /// <summary>Calls an operation with the fixture subject in every string parameter and in every string property of a body.</summary>
        public static Task Invoke(IGongDataPrivacyClient client, MethodInfo method, CancellationToken cancellationToken, string email = FixtureValues.Email, string phone = FixtureValues.Phone)
        {
            var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken) ? cancellationToken : ValueFor(p.ParameterType, p.Name!, email, phone)).ToArray();
            return (Task)method.Invoke(client, arguments)!;
        }

        public static object? ValueFor(Type type, string name, string email = FixtureValues.Email, string phone = FixtureValues.Phone)
        {
            if (type == typeof(string))
            {
                return name.Contains("phone", StringComparison.OrdinalIgnoreCase) ? phone : email;
            }

            if (type.IsValueType)
            {
                return Activator.CreateInstance(type);
            }

            if (type.GetConstructor(Type.EmptyTypes) is { } constructor)
            {
                var body = constructor.Invoke(null);
                foreach (var property in type.GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(string)))
                {
                    property.SetValue(body, ValueFor(typeof(string), property.Name, email, phone));
                }

                return body;
            }

            return null;
        }
    }
}
