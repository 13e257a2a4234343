using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Every operation the build generated, found from the spec it was generated from (obj/generated/openapi.selected.yml,
    /// the committed spec after selection by tag) and from the generated client, never named here. Whatever spec is in
    /// openapi/ (the catalog's, Gong's Data Privacy document or Gong's whole v2 document), each operation must call
    /// exactly one /v2 with the spec's method, path and query, and turn each error status into the typed exception.
    /// </summary>
    public class GeneratedOperationsTests
    {
        public static TheoryData<string> Operations()
        {
            var data = new TheoryData<string>();
            foreach (var operation in SpecOperation.All())
            {
                data.Add(operation.OperationId);
            }

            return data;
        }

        public static TheoryData<string, int> OperationsAndErrors()
        {
            var data = new TheoryData<string, int>();
            foreach (var operation in SpecOperation.All())
            {
                // Every error status the committed document gives for this operation (Gong's: 400, 401, 429, 500), and 429
                // whatever the document says: Gong's rate limit answers any call with it, so an operation Gong adds without
                // documenting it is held to it too.
                foreach (var status in operation.DocumentedErrors.Append(429).Distinct().OrderBy(s => s))
                {
                    data.Add(operation.OperationId, status);
                }
            }

            return data;
        }

        [Fact]
        public void The_client_has_a_method_for_every_selected_operation()
        {
            var missing = SpecOperation.All().Where(o => o.Method == null).Select(o => o.OperationId + " (" + o.MethodName + ")").ToList();

            Assert.True(missing.Count == 0, "The generated client lacks: " + string.Join(", ", missing));
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task Sends_the_specs_method_path_with_exactly_one_v2_and_query(string operationId)
        {
            var operation = SpecOperation.Find(operationId);
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"requestId\":\"generated\"}"));

            await ClientOperations.Invoke(gong.CreateClient(), operation.Method!, CancellationToken.None);

            var request = gong.Requests.Single().RequestMessage!;
            Assert.Equal(operation.HttpMethod.ToUpperInvariant(), request.Method);
            Assert.True(Regex.IsMatch(request.Path, operation.ExpectedPath), $"{operationId} ({operation.HttpMethod} {operation.Path} in the spec) must call {operation.ExpectedPath}; Gong saw {request.Path}");
            var query = request.RawQuery?.TrimStart('?') ?? string.Empty;
            foreach (var parameter in operation.QueryParameters)
            {
                var expected = parameter + "=" + Uri.EscapeDataString((string)ClientOperations.ValueFor(typeof(string), parameter)!);
                Assert.Contains(expected, query.Split('&'));
            }

            if (!operation.HasBody)
            {
                // Gong's erasures take no body: nothing, not even an empty JSON content type.
                Assert.True(string.IsNullOrEmpty(request.Body), operationId + " sent a body");
                Assert.False(request.Headers!.ContainsKey("Content-Type"), operationId + " sent a Content-Type");
            }
        }

        [Theory]
        [MemberData(nameof(OperationsAndErrors))]
        public async Task An_error_status_throws_the_typed_exception(string operationId, int status)
        {
            var operation = SpecOperation.Find(operationId);
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithHeader("Retry-After", "1")
                    .WithBody("{\"requestId\":\"err-" + status + "\",\"errors\":[\"failed\"]}"));

            var exception = await Assert.ThrowsAnyAsync<GongApiException>(() => ClientOperations.Invoke(gong.CreateClient(), operation.Method!, CancellationToken.None));

            Assert.Equal(status, exception.StatusCode);
            Assert.Equal("err-" + status, exception.RequestId);
            Assert.Equal(new[] { "failed" }, exception.Errors);
            Assert.Equal(GongClassifier.Classify(status).Outcome, exception.Outcome);
            Assert.Equal(GongClassifier.Classify(status).Cause, exception.Cause);
            Assert.Equal(TimeSpan.FromSeconds(1), exception.RetryAfter);
        }
    }

    /// <summary>One operation of the spec the client was generated from, with the client method NSwag made of it.</summary>
    internal sealed class SpecOperation
    {
        private static readonly Lazy<IReadOnlyList<SpecOperation>> Loaded = new Lazy<IReadOnlyList<SpecOperation>>(Load);

        private SpecOperation(string operationId, string httpMethod, string path, IReadOnlyList<string> queryParameters, bool hasBody, IReadOnlyList<int> documentedErrors)
        {
            HasBody = hasBody;
            DocumentedErrors = documentedErrors;
            OperationId = operationId;
            HttpMethod = httpMethod;
            Path = path;
            QueryParameters = queryParameters;
            MethodName = UpperCamel(operationId) + "Async";
            Method = ClientOperations.All().SingleOrDefault(m => m.Name == MethodName);
        }

        public string OperationId { get; }

        public string HttpMethod { get; }

        public string Path { get; }

        public IReadOnlyList<string> QueryParameters { get; }

        /// <summary>Whether the operation takes a request body.</summary>
        public bool HasBody { get; }

        /// <summary>The error statuses the committed document (before selection) gives for this operation.</summary>
        public IReadOnlyList<int> DocumentedErrors { get; }

        public string MethodName { get; }

        public MethodInfo? Method { get; }

        /// <summary>The path Gong must see: one /v2, whether the spec puts it in its servers or in its paths; path parameters are any segment.</summary>
        public string ExpectedPath
        {
            get
            {
                var path = Path.StartsWith("/v2/", StringComparison.Ordinal) ? Path.Substring(3) : Path;
                return "^" + Regex.Replace(Regex.Escape("/v2" + path), @"\\\{[^}]*}", "[^/]+") + "$";
            }
        }

        public static string SelectedSpecPath => System.IO.Path.Combine(BuiltLibrary.RepoRoot(), "src", "GongPrivacy", "obj", "generated", "openapi.selected.yml");

        public static IReadOnlyList<SpecOperation> All() => Loaded.Value;

        public static SpecOperation Find(string operationId) => All().Single(o => o.OperationId == operationId);

        public static string CommittedSpecPath => System.IO.Path.Combine(BuiltLibrary.RepoRoot(), "openapi", "gong-api-v2.yml");

        private static YamlMappingNode LoadRoot(string path)
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(path))
            {
                stream.Load(reader);
            }

            return (YamlMappingNode)stream.Documents[0].RootNode;
        }

        private static IReadOnlyList<int> ErrorsIn(YamlMappingNode committed, string path, string method)
        {
            var paths = (YamlMappingNode)committed["paths"];
            if (!paths.Children.TryGetValue(new YamlScalarNode(path), out var item) || !((YamlMappingNode)item).Children.TryGetValue(new YamlScalarNode(method), out var operation)
                || !((YamlMappingNode)operation).Children.TryGetValue(new YamlScalarNode("responses"), out var responses))
            {
                return Array.Empty<int>();
            }

            return ((YamlMappingNode)responses).Children.Keys.OfType<YamlScalarNode>()
                .Select(k => int.TryParse(k.Value, out var status) ? status : 0)
                .Where(status => status >= 300)
                .OrderBy(status => status)
                .ToList();
        }

        private static IReadOnlyList<SpecOperation> Load()
        {
            var root = LoadRoot(SelectedSpecPath);
            var committed = LoadRoot(CommittedSpecPath);
            var operations = new List<SpecOperation>();
            foreach (var path in ((YamlMappingNode)root["paths"]).Children)
            {
                var item = (YamlMappingNode)path.Value;
                var shared = Parameters(item);
                foreach (var method in item.Children.Where(c => c.Value is YamlMappingNode && ((YamlScalarNode)c.Key).Value is "get" or "put" or "post" or "delete" or "patch" or "head" or "options"))
                {
                    var operation = (YamlMappingNode)method.Value;
                    if (!operation.Children.TryGetValue(new YamlScalarNode("operationId"), out var id))
                    {
                        continue;
                    }

                    var pathText = ((YamlScalarNode)path.Key).Value!;
                    var methodText = ((YamlScalarNode)method.Key).Value!;
                    operations.Add(new SpecOperation(
                        ((YamlScalarNode)id).Value!,
                        methodText,
                        pathText,
                        shared.Concat(Parameters(operation)).Distinct().ToList(),
                        operation.Children.ContainsKey(new YamlScalarNode("requestBody")),
                        ErrorsIn(committed, pathText, methodText)));
                }
            }

            return operations.OrderBy(o => o.OperationId, StringComparer.Ordinal).ToList();
        }

        private static IEnumerable<string> Parameters(YamlMappingNode node) =>
            node.Children.TryGetValue(new YamlScalarNode("parameters"), out var parameters) && parameters is YamlSequenceNode list
                ? list.Children.OfType<YamlMappingNode>()
                    .Where(p => p.Children.TryGetValue(new YamlScalarNode("in"), out var where) && ((YamlScalarNode)where).Value == "query")
                    .Select(p => ((YamlScalarNode)p["name"]).Value!)
                : Enumerable.Empty<string>();

        private static string UpperCamel(string name)
        {
            var builder = new System.Text.StringBuilder();
            var upper = true;
            foreach (var c in name)
            {
                if (!char.IsLetterOrDigit(c) && c != '_')
                {
                    upper = true;
                    continue;
                }

                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }

            return builder.ToString();
        }
    }
}
