using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using NJsonSchema.Yaml;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>
    /// Gong's published OpenAPI document (openapi/gong-api-v2.yml, committed verbatim; OpenAPI 3.0 or 3.1), read with
    /// NJsonSchema.Yaml: for a path, method and status, the schema of the answer, which NJsonSchema validates. Its schemas live under
    /// <c>components/schemas</c>; NJsonSchema resolves references under <c>definitions</c>, so the schemas are loaded
    /// there, each <c>$ref</c> rewritten to match (nothing else is changed).
    /// </summary>
    internal sealed class GongDocument
    {
        private static readonly Dictionary<string, Lazy<Task<GongDocument>>> Loaded = new Dictionary<string, Lazy<Task<GongDocument>>>(StringComparer.Ordinal);
        private readonly JObject _paths;
        private readonly JObject _schemas;
        private readonly Dictionary<string, JsonSchema> _compiled = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

        private GongDocument(JObject paths, JObject schemas)
        {
            _paths = paths;
            _schemas = schemas;
        }

        /// <summary>
        /// Where the live service differs from the document, as the fake follows the live service (docs/testing.md lists
        /// them): each is a kind of validation error at a place in the answer.
        /// </summary>
        public static IReadOnlyList<Deviation> LiveDeviations { get; } = new[]
        {
            new Deviation("ContextField.value is 'type: object' in the document; the live service sends any JSON value (string, number, boolean, null, array, object)", ValidationErrorKind.ObjectExpected, @"\.fields\[\d+\]\.value$"),
            new Deviation("enums are open live: CustomerEngagement.eventType (Gong's own example, ExternalCallViewing, is not in its list)", ValidationErrorKind.NotInEnumeration, @"^#/customerEngagement\[\d+\]\.eventType$"),
            new Deviation("enums are open live: ExternalSystem.system and ExternalSystemObject.objectType", ValidationErrorKind.NotInEnumeration, @"\.externalSystems\[\d+\](\.objects\[\d+\]\.objectType|\.system)$"),
            new Deviation("enums are open live: CustomerData.system and CustomerDataObject.objectType", ValidationErrorKind.NotInEnumeration, @"^#/customerData\[\d+\](\.objects\[\d+\]\.objectType|\.system)$"),
        };

        /// <summary>Statuses the fake gives that the document does not list, and why.</summary>
        public static IReadOnlyDictionary<int, string> UndocumentedStatuses { get; } = new Dictionary<int, string>
        {
            [404] = "a path or method outside the four: the document describes only its operations; the fake answers with Gong's error body",
            [503] = "the load balancer in front of Gong, when Gong is away: HTML, no request id (gong-api-facts: a proxy can answer with HTML)",
        };

        /// <summary>The committed document (openapi/gong-api-v2.yml).</summary>
        public static Task<GongDocument> GetAsync() => GetAsync(Path.Combine("openapi", "gong-api-v2.yml"));

        /// <summary>A document of Gong's at <paramref name="path"/> under the repository: OpenAPI 3.0 or 3.1.</summary>
        public static Task<GongDocument> GetAsync(string path)
        {
            lock (Loaded)
            {
                if (!Loaded.TryGetValue(path, out var loaded))
                {
                    loaded = new Lazy<Task<GongDocument>>(() => LoadAsync(Path.Combine(Repo.Root(), path)));
                    Loaded[path] = loaded;
                }

                return loaded.Value;
            }
        }

        /// <summary>The response the document gives for the operation and status, or null when it lists none.</summary>
        public JObject? Response(string path, string method, int status) =>
            _paths[path]?[method.ToLowerInvariant()]?["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] as JObject;

        /// <summary>Validates a JSON answer against the response's schema; the leaf errors, each with its kind and path.</summary>
        public async Task<IReadOnlyList<ValidationError>> ValidateAsync(JObject response, string json)
        {
            var reference = (string?)response["content"]?["application/json"]?["schema"]?["$ref"] ?? throw new InvalidOperationException("the response has no JSON schema");
            var name = reference.Substring(reference.LastIndexOf('/') + 1);
            if (!_compiled.TryGetValue(name, out var schema))
            {
                var root = new JObject { ["definitions"] = JObject.Parse(_schemas.ToString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal)), ["$ref"] = "#/definitions/" + name };
                schema = await JsonSchema.FromJsonAsync(root.ToString());
                _compiled[name] = schema;
            }

            return Leaves(schema.Validate(json)).ToList();
        }

        /// <summary>
        /// The errors that say what is wrong: those inside a child schema's, and for a value that matched none of a type
        /// list's types, those of each type but <c>null</c> (OpenAPI 3.1's <c>type: [object, 'null']</c> says "an object,
        /// or null"; a string there is an object expected, as 3.0's <c>type: object</c> says).
        /// </summary>
        private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors) =>
            errors.SelectMany(e => e switch
            {
                MultiTypeValidationError types when types.Errors.Any(t => t.Key != JsonObjectType.Null && t.Value.Count > 0) =>
                    Leaves(types.Errors.Where(t => t.Key != JsonObjectType.Null).SelectMany(t => t.Value)),
                ChildSchemaValidationError child when child.Errors.Count > 0 => Leaves(child.Errors.SelectMany(c => c.Value)),
                _ => new[] { e },
            });

        private static async Task<GongDocument> LoadAsync(string path)
        {
            var document = await JsonSchemaYaml.FromYamlAsync(await File.ReadAllTextAsync(path));
            var paths = JObject.FromObject(document.ExtensionData!["paths"]!);
            var schemas = (JObject)JObject.FromObject(document.ExtensionData!["components"]!)["schemas"]!;
            return new GongDocument(paths, schemas);
        }

        /// <summary>A documented difference between Gong's document and its live service.</summary>
        public sealed record Deviation(string Why, ValidationErrorKind Kind, string PathPattern)
        {
            public bool Covers(ValidationError error) => error.Kind == Kind && error.Path != null && Regex.IsMatch(error.Path, PathPattern);
        }
    }
}
