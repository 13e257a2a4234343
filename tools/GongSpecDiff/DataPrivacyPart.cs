using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using GongSpecPrep;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace GongSpecDiff
{
    /// <summary>
    /// What the client is made of in one version of Gong's document: the operations its tag selects, named from their paths
    /// as the client names them, their parameters, and the models their success answers reach, field by field. Read with
    /// Microsoft.OpenApi, which reads OpenAPI 3.0 and 3.1 alike (3.0's <c>nullable: true</c> and 3.1's
    /// <c>type: [string, 'null']</c> read the same).
    /// </summary>
    internal sealed class DataPrivacyPart
    {
        private DataPrivacyPart(SortedDictionary<string, Operation> operations, SortedDictionary<string, Model> models)
        {
            Operations = operations;
            Models = models;
        }

        /// <summary>The selected operations by <c>METHOD /path</c>.</summary>
        public SortedDictionary<string, Operation> Operations { get; }

        /// <summary>The models the operations reach, by schema name.</summary>
        public SortedDictionary<string, Model> Models { get; }

        /// <summary>Reads a document (YAML or JSON) and keeps the part that operations tagged <paramref name="tag"/> reach.</summary>
        public static async Task<DataPrivacyPart> ReadAsync(string path, string tag)
        {
            var settings = new OpenApiReaderSettings();
            settings.AddYamlReader();
            await using var stream = File.OpenRead(path);
            var format = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "json" : "yaml";
            var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, format, settings);
            if (document == null || document.Paths == null)
            {
                var why = diagnostic?.Errors.FirstOrDefault()?.ToString() ?? "no paths";
                throw new InvalidDataException(path + " is not an OpenAPI document: " + why);
            }

            var operations = new SortedDictionary<string, Operation>(StringComparer.Ordinal);
            var reached = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (route, item) in document.Paths)
            {
                foreach (var (method, operation) in item.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>())
                {
                    if (operation.Tags?.Any(t => t.Name == tag) != true)
                    {
                        continue;
                    }

                    var verb = method.Method.ToLowerInvariant();
                    var parameters = (item.Parameters ?? new List<IOpenApiParameter>()).Concat(operation.Parameters ?? new List<IOpenApiParameter>())
                        .Where(p => p.Name != null)
                        .Select(p => new Parameter(p.Name!, p.In?.ToString().ToLowerInvariant() ?? "query", p.Required, TypeOf(p.Schema, reached)))
                        .ToList();
                    var answers = (operation.Responses ?? new OpenApiResponses())
                        .Where(r => r.Key.StartsWith('2'))
                        .SelectMany(r => r.Value.Content?.Values ?? Enumerable.Empty<IOpenApiMediaType>())
                        .Select(c => TypeOf(c.Schema, reached))
                        .Distinct()
                        .ToList();
                    var name = OperationNames.UpperCamel(OperationNames.OperationName(verb, route)) + "Async";
                    operations[verb.ToUpperInvariant() + " " + route] = new Operation(name, parameters, answers);
                }
            }

            var models = new SortedDictionary<string, Model>(StringComparer.Ordinal);
            var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
            var pending = new Queue<string>(reached);
            while (pending.Count > 0)
            {
                var name = pending.Dequeue();
                if (models.ContainsKey(name) || !schemas.TryGetValue(name, out var schema))
                {
                    continue;
                }

                var more = new SortedSet<string>(StringComparer.Ordinal);
                var fields = new SortedDictionary<string, Field>(StringComparer.Ordinal);
                Walk(schema, string.Empty, fields, more);
                models[name] = new Model(TypeOf(schema, more), Values(schema), fields);
                foreach (var next in more)
                {
                    pending.Enqueue(next);
                }
            }

            return new DataPrivacyPart(operations, models);
        }

        /// <summary>The fields of an object schema, an inline object's fields under <c>field.</c>, an array's items' under <c>field[].</c>.</summary>
        private static void Walk(IOpenApiSchema schema, string prefix, SortedDictionary<string, Field> fields, SortedSet<string> reached)
        {
            foreach (var part in (schema.AllOf ?? new List<IOpenApiSchema>()).Where(p => p is not OpenApiSchemaReference))
            {
                Walk(part, prefix, fields, reached);
            }

            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                fields[prefix + name] = new Field(TypeOf(property, reached), (property.Type & JsonSchemaType.Null) != 0, Values(property));
                if (property is OpenApiSchemaReference)
                {
                    continue;
                }

                if (property.Properties?.Count > 0)
                {
                    Walk(property, prefix + name + ".", fields, reached);
                }
                else if (property.Items is { } items and not OpenApiSchemaReference && items.Properties?.Count > 0)
                {
                    Walk(items, prefix + name + "[].", fields, reached);
                }
            }
        }

        /// <summary>A schema's type as the client sees it: a model's name, <c>array of …</c>, or the type and format, never its nullability.</summary>
        private static string TypeOf(IOpenApiSchema? schema, SortedSet<string> reached)
        {
            switch (schema)
            {
                case null:
                    return "none";
                case OpenApiSchemaReference reference when reference.Reference?.Id is string id:
                    reached.Add(id);
                    return id;
            }

            foreach (var part in (schema.AllOf ?? new List<IOpenApiSchema>()).Concat(schema.OneOf ?? new List<IOpenApiSchema>()).Concat(schema.AnyOf ?? new List<IOpenApiSchema>()))
            {
                TypeOf(part, reached);
            }

            var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
            if (type == JsonSchemaType.Array)
            {
                return "array of " + TypeOf(schema.Items, reached);
            }

            var names = type == 0 ? "any" : string.Join("|", type.ToIdentifiers());
            return schema.Format is { Length: > 0 } format ? names + " (" + format + ")" : names;
        }

        private static IReadOnlyList<string> Values(IOpenApiSchema schema) =>
            (schema is OpenApiSchemaReference ? null : schema.Enum)?.Select(v => v is JsonValue value && value.TryGetValue<string>(out var text) ? text : v?.ToJsonString() ?? "null").ToList()
            ?? (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>An operation: the client's method, its parameters and the types of its success answers.</summary>
        internal sealed record Operation(string Method, IReadOnlyList<Parameter> Parameters, IReadOnlyList<string> Answers);

        /// <summary>A parameter: where it goes (query, path, header), whether it is required, its type.</summary>
        internal sealed record Parameter(string Name, string In, bool Required, string Type);

        /// <summary>A model: its type, its own enumeration values (for an enumeration schema) and its fields.</summary>
        internal sealed record Model(string Type, IReadOnlyList<string> Values, SortedDictionary<string, Field> Fields);

        /// <summary>A field: its type, whether it may be null, its enumeration values.</summary>
        internal sealed record Field(string Type, bool Nullable, IReadOnlyList<string> Values);
    }
}
